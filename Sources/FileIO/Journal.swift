#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where atomic writes note their temporary files while they are being
/// written: one small file per write in the data directory's `unfinished/`,
/// named `<pid>-<n>` and holding the temporary's absolute path. A write
/// removes its note when done; a note whose process is gone marks a
/// temporary that a killed save left behind, which the next start removes
/// (the temporary sits beside its target, anywhere, so only the note says
/// where to look).
enum Journal {
    static let directory = DataDirectory.path(app: "dlrepl") + "/unfinished"
    private static let counter = Atomic<Int>(0)

    /// Notes `temporary`; returns the note's path (nil when it could not be
    /// written: the write goes on, only the clean-up after a kill is lost).
    static func add(_ temporary: String) -> String? {
        let n = counter.add(1, ordering: .relaxed).newValue
        DataDirectory.ensure(directory)
        let note = directory + "/\(getpid())-\(n)"
        let absolute = temporary.hasPrefix("/") ? temporary : currentDirectory() + "/" + temporary
        let fd = open(note, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let bytes = Array(absolute.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress!, $0.count) }) == bytes.count else {
            unlink(note)
            return nil
        }
        return note
    }

    static func remove(_ note: String?) {
        if let note { unlink(note) }
    }

    /// Removes the temporaries noted by processes that no longer exist, and their notes.
    static func sweep() {
        guard let names = Directory.names(directory) else { return }
        for name in names where name != "." && name != ".." {
            let note = directory + "/" + name
            guard let dash = name.firstIndex(of: "-"), let pid = pid_t(name[..<dash]), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            if let bytes = try? FileBytes.read(note, limit: 4096) {
                let temporary = String(decoding: bytes, as: UTF8.self)
                // Only a file named as our temporaries are, with this pid: a damaged note removes nothing else.
                if temporary.hasPrefix("/"), temporary.hasSuffix(AtomicFile.marker + "\(pid)") {
                    AtomicFile.removeIfAbandoned(temporary, owner: pid)
                }
            }
            unlink(note)
        }
    }

    private static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }
}
