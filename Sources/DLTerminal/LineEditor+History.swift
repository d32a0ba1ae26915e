@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO

extension LineEditor {
    /// Also remembers `path` for `saveHistory()`. A missing file is normal
    /// on first run and not an error.
    public func loadHistory(from path: String) {
        historyPath = path
        _ = read_history(path)
        using_history()
    }

    /// Skips blank lines and repeats of the most recent entry.
    public func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        if history_length > 0,
           let last = history_get(history_base + history_length - 1),
           let text = last.pointee.line,
           String(cString: text) == line {
            return
        }
        add_history(line)
    }

    /// Writes the capped history to the path given to `loadHistory`. Goes
    /// through a temporary file plus rename so a crash or a full disk never
    /// leaves a truncated history behind.
    @discardableResult
    public func saveHistory() -> Bool {
        guard let path = historyPath else { return false }
        Self.makeDirectories(Self.parentDirectory(of: path))
        // The rule of every write: only a regular file (or nothing) is
        // replaced, through a link to one; named as AtomicFile names its
        // temporaries, so a killed save's file is cleaned up the same way.
        guard let target = try? AtomicFile.replaceableTarget(path) else { return false }
        let temporary = target + AtomicFile.marker + "\(getpid())"
        guard write_history(temporary) == 0,
              history_truncate_file(temporary, Int32(clamping: historyLimit)) == 0,
              rename(temporary, target) == 0
        else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func makeDirectories(_ path: String) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            _ = mkdir(partial, 0o700)  // EEXIST is the common case
        }
    }
}
