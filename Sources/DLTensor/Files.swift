#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be read or written; the message names the path.
public struct FileError: LearnerError, Sendable {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
}

/// Whole-file reads with libc (full Foundation would add milliseconds to start-up).
public enum FileBytes {
    public static func read(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw FileError("cannot open \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count { break }
        }
        guard ferror(f) == 0 else { throw FileError("cannot read \(Sanitize.path(path))") }
        return bytes
    }
}

/// Writes to a temporary file beside the target, flushes it to disk, then
/// renames it over the target: a crash leaves the old file or the new one.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError("cannot write \(Sanitize.path(path)): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError("cannot write \(Sanitize.path(path)): \(why)")
        }
    }
}
