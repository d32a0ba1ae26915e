import FileIO
import TextFormat
#if canImport(Glibc)
import Glibc
#endif

/// Every lesson of the folder, in course order (by file name).
public struct Course: Sendable {
    public let lessons: [Lesson]
    public let directory: String

    public init(lessons: [Lesson], directory: String) { self.lessons = lessons; self.directory = directory }

    /// Reads the lessons folder found at run time.
    public static func load() throws -> Course {
        guard let dir = LessonFiles.directory() else {
            if let named = getenv("DLREPL_LESSONS"), named.pointee != 0 {
                throw LessonError("DLREPL_LESSONS is \(Sanitize.path(String(cString: named))), which is not a folder")
            }
            throw LessonError("cannot find the lessons folder: set DLREPL_LESSONS, or keep lessons/ beside the program")
        }
        return try load(directory: dir)
    }

    public static func load(directory dir: String) throws -> Course {
        var lessons: [Lesson] = []
        for path in try LessonFiles.list(dir) {
            let bytes: [UInt8]
            do { bytes = try FileBytes.read(path) } catch { throw LessonError("\(error)") }
            let lesson = try LessonParser.parse(String(decoding: bytes, as: UTF8.self), file: path)
            if let other = lessons.first(where: { $0.id == lesson.id }) {
                throw LessonError(file: path, line: 2, "the id '\(lesson.id)' is already used by \(other.file)")
            }
            lessons.append(lesson)
        }
        for lesson in lessons {
            for need in lesson.needs where !lessons.contains(where: { $0.id == need }) {
                throw LessonError(file: lesson.file, line: 2, "needs '\(need)', which is no lesson of the course")
            }
        }
        if let (lesson, cycle) = firstCycle(lessons) {
            throw LessonError(file: lesson.file, line: 2, cycle.count == 1 ? "needs itself"
                              : "its needs go round in a circle: " + (cycle + [cycle[0]]).joined(separator: " → "))
        }
        return Course(lessons: lessons, directory: dir)
    }

    public func lesson(_ id: String) throws -> Lesson {
        if let l = lessons.first(where: { $0.id == id }) { return l }
        if let n = Int(id), n >= 1, n <= lessons.count { return lessons[n - 1] }
        let near = lessons.map(\.id).min { editDistance($0, id) < editDistance($1, id) }
        throw LessonError("no lesson '\(id)'" + (near.map { "; did you mean '\($0)'?" } ?? "") + " (dlrepl lessons lists them)")
    }

    public func number(of id: String) -> Int? { lessons.firstIndex { $0.id == id }.map { $0 + 1 } }
}

/// A lesson whose `needs:` lead back to it, with the circle of IDs.
func firstCycle(_ lessons: [Lesson]) -> (Lesson, [String])? {
    let byId = Dictionary(lessons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var done = Set<String>()
    for start in lessons {
        var path: [String] = []
        var onPath = Set<String>()
        func visit(_ id: String) -> [String]? {
            if onPath.contains(id) { return Array(path[path.firstIndex(of: id)!...]) }
            guard !done.contains(id), let lesson = byId[id] else { return nil }
            path.append(id); onPath.insert(id)
            for need in lesson.needs { if let c = visit(need) { return c } }
            path.removeLast(); onPath.remove(id); done.insert(id)
            return nil
        }
        if let cycle = visit(start.id) { return (byId[cycle[0]]!, cycle) }
    }
    return nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in 1...max(1, b.count) where !b.isEmpty {
            let saved = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = saved
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
