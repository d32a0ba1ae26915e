#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TextFormat

/// The one way dlrepl writes a file (models, exports, notebooks, progress,
/// history): to a temporary file beside the target, flushed to disk, then
/// renamed over it, so a crash leaves the old file or the new one. Only a
/// regular file (or nothing) is ever replaced: a device, a pipe or a
/// directory at the path is refused, and a symbolic link is written through,
/// the file it points to replaced and the link kept.
public enum AtomicFile {
    public static let marker = ".tmp-"

    public static func write(_ bytes: [UInt8], to path: String) throws {
        let target = try replaceableTarget(path)
        removeStaleTemporaries(besides: target)
        let temporary = target + marker + "\(getpid())"
        let entry = Journal.add(temporary)
        defer { Journal.remove(entry) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("cannot write \(Sanitize.path(path)): \(String(cString: strerror(errno)))") }
        // A replaced file keeps its permissions; a new one gets 644 less the umask.
        var old = stat()
        let keepMode: mode_t? = stat(target, &old) == 0 ? old.st_mode & 0o7777 : nil
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                written += n
            }
            return (keepMode.map { fchmod(fd, $0) == 0 } ?? true) && fsync(fd) == 0
        }
        let why = ok ? "" : String(cString: strerror(errno))
        close(fd)
        guard ok else {
            unlink(temporary)
            throw FileError("cannot write \(Sanitize.path(path)): \(why)")
        }
        guard rename(temporary, target) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError("cannot write \(Sanitize.path(path)): \(why)")
        }
    }

    /// The path whose file the write replaces: `path` itself when it is a
    /// regular file or nothing, the file a symbolic link leads to; an error
    /// for anything else, which a rename would destroy (`/dev/null` became a
    /// regular file when root exported a model to it).
    public static func replaceableTarget(_ path: String) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return path }
            throw FileError("cannot write \(Sanitize.path(path)): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return path
        case S_IFLNK:
            guard let resolved = realpath(path, nil) else {
                throw FileError("cannot write \(Sanitize.path(path)): it is a symbolic link to a file that does not exist",
                                help: "give the path of the file itself")
            }
            defer { free(resolved) }
            let real = String(cString: resolved)
            var target = stat()
            guard stat(real, &target) == 0, target.st_mode & S_IFMT == S_IFREG else {
                throw FileError("cannot write \(Sanitize.path(path)): it links to \(Sanitize.path(real)), \(kind(target.st_mode))",
                                help: "give the path of a file")
            }
            return real
        default:
            throw FileError("cannot write \(Sanitize.path(path)): it is \(kind(info.st_mode)); only a file is replaced",
                            help: "give the path of a file")
        }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a file"
        case S_IFDIR: "a directory"
        case S_IFIFO: "a pipe (FIFO), not a file"
        case S_IFCHR, S_IFBLK: "a device, not a file"
        case S_IFSOCK: "a socket, not a file"
        default: "not a regular file"
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
            removeIfAbandoned((directory.isEmpty ? "" : directory + "/") + file, owner: pid)
        }
    }

    /// Removes `file`, a temporary of ours, when its writer `owner` is gone.
    static func removeIfAbandoned(_ file: String, owner pid: pid_t) {
        var info = stat()
        guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        if kill(pid, 0) != 0 && errno == ESRCH { unlink(file) }
    }

    /// The pid in a name `<base><ext>.tmp-<pid>`, or nil for any other name.
    static func staleOwner(of file: String, extension ext: String) -> pid_t? {
        let digits = String(file.reversed().prefix(while: { ("0"..."9").contains($0) }).reversed())
        let rest = file.dropLast(digits.count)
        guard !digits.isEmpty, digits.count <= 10, rest.hasSuffix(marker) else { return nil }
        let base = rest.dropLast(marker.count)
        guard base.hasSuffix(ext), base.count > ext.count, let pid = pid_t(digits), pid > 0, pid != getpid() else { return nil }
        return pid
    }

    /// At start-up: the temporaries of writes that never finished (their
    /// process was killed mid-save), wherever they were, found through the
    /// journal and removed. A saved model's temporary can be hundreds of MB.
    public static func removeAbandoned() {
        Journal.sweep()
    }
}
