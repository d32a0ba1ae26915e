#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TextFormat

/// Whole-file reads with libc (full Foundation would add milliseconds to start-up).
public enum FileBytes {
    /// The most a read takes: a saved model at the tensor limit (2 GiB of
    /// float32) with room for its header. Larger files are refused up front.
    public static let maxBytes = (1 << 31) + (1 << 20)

    /// Only regular files: a device or a pipe (/dev/zero, /dev/stdin) may
    /// never end, and a directory has no bytes to read. Opened without
    /// blocking, so a FIFO with no writer is refused instead of waited on.
    public static func read(_ path: String, limit: Int = maxBytes) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw FileError("cannot open \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        guard let f = fdopen(fd, "rb") else {
            close(fd)
            throw FileError("cannot open \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var info = stat()
        guard fstat(fileno(f), &info) == 0 else {
            throw FileError("cannot read \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileError("cannot read \(Sanitize.path(path)): it is \(AtomicFile.kind(info.st_mode))", help: "give the path of a file")
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
