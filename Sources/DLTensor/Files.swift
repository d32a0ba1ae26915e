#if canImport(Glibc)
import TextFormat
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

/// The entries of a directory.
public enum Directory {
    /// Every name in `path` (with . and ..), or nil when it cannot be read.
    public static func names(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Read d_name in place, up to its NUL: glibc allocates each entry only
            // as long as its name, so copying the declared 256 bytes reads past it.
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            names.append(String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self)))
        }
        return names
    }
}

/// Writes to a temporary file beside the target, flushes it to disk, then
/// renames it over the target: a crash leaves the old file or the new one.
public enum AtomicFile {
    static let marker = ".tmp-"

    public static func write(_ bytes: [UInt8], to path: String) throws {
        removeStaleTemporaries(besides: path)
        let temporary = path + marker + "\(getpid())"
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

    /// A process killed while saving (kill -9, a power cut) leaves its
    /// temporary file behind. Ours are named `<file>.tmp-<pid>`; those beside
    /// `path` with the same extension whose process no longer exists are
    /// removed, so they do not pile up. A live process's file is left alone:
    /// it may be saving right now.
    static func removeStaleTemporaries(besides path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let ext = name.lastIndex(of: ".").map { String(name[$0...]) } ?? ""
        for file in Directory.names(directory.isEmpty ? "/" : directory) ?? [] {
            guard let pid = staleOwner(of: file, extension: ext) else { continue }
            let full = (directory.isEmpty ? "" : directory + "/") + file
            var info = stat()
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(full) }
        }
    }

    /// The pid in a name `<base><ext>.tmp-<pid>`, or nil for any other name.
    static func staleOwner(of file: String, extension ext: String) -> pid_t? {
        let digits = String(file.reversed().prefix(while: { ("0"..."9").contains($0) }).reversed())
        let rest = file.dropLast(digits.count)
        guard !digits.isEmpty, rest.hasSuffix(marker) else { return nil }
        let base = rest.dropLast(marker.count)
        guard base.hasSuffix(ext), base.count > ext.count, let pid = pid_t(digits), pid > 0, pid != getpid() else { return nil }
        return pid
    }
}

