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
    /// The most a read takes: a saved model at the tensor limit (2 GiB of
    /// float32) with room for its header. Larger files are refused up front.
    public static let maxBytes = (1 << 31) + (1 << 20)

    /// Only regular files: a device or a pipe (/dev/zero, /dev/stdin) may
    /// never end, and a directory has no bytes to read.
    public static func read(_ path: String, limit: Int = maxBytes) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw FileError("cannot open \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var info = stat()
        guard fstat(fileno(f), &info) == 0 else {
            throw FileError("cannot read \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
            throw FileError("cannot read \(Sanitize.path(path)): it is \(kind)", help: "give the path of a file")
        }
        guard info.st_size <= limit else {
            throw FileError("cannot read \(Sanitize.path(path)): it is \(info.st_size) bytes, more than the \(limit) a file may have")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            // A file still growing while it is read stops at the limit too.
            if bytes.count > limit {
                throw FileError("cannot read \(Sanitize.path(path)): it grew past \(limit) bytes while being read")
            }
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
