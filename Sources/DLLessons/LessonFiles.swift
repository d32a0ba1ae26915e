import FileIO
import TextFormat
import DLData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the lesson files are: found at run time as `datasets/` is
/// ($DLREPL_LESSONS, `lessons/` beside or above the executable, then the checkout).
public enum LessonFiles {
    public static func directory() -> String? {
        DataFiles.searchPath(folder: "lessons", environment: "DLREPL_LESSONS").first { isDirectory($0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }

    /// The lesson files of a folder in course order: every `*.md` but README.md, by name.
    public static func list(_ dir: String) throws -> [String] {
        guard let all = Directory.names(dir) else { throw LessonError("cannot open the lessons folder \(Sanitize.path(dir))") }
        let names = all.filter { $0.hasSuffix(".md") && $0 != "README.md" && !$0.hasPrefix(".") }
        return names.sorted().map { dir + "/" + $0 }
    }
}
