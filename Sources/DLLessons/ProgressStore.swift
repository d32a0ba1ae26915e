import FileIO

/// The progress file, `$XDG_DATA_HOME/dlrepl/progress.txt`: a header line, then
/// `current ID` and one `lesson ID STATES` line per lesson (a character per
/// step: `p` passed, `s` skipped, `.` not yet). Text, so a learner can read it.
public struct ProgressStore: Sendable {
    public let path: String
    static let header = "dlrepl progress 1"

    public init(path: String) { self.path = path }

    /// The folder the file is in.
    public var directory: String { path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "." }

    public static var standard: ProgressStore { ProgressStore(path: DataDirectory.path(app: "dlrepl") + "/progress.txt") }

    /// No file yet is no progress; a damaged file is an error that says where
    /// (and the file is left as it is for the learner to look at).
    public func load() throws -> Progress {
        guard let bytes = try? FileBytes.read(path) else { return Progress() }
        return try Self.parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws -> Progress {
        var p = Progress()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func damaged(_ n: Int, _ why: String) -> LessonError {
            LessonError("the progress file \(path) is damaged (line \(n): \(why)); it was left as it is: move it away to start afresh")
        }
        guard lines.first.map(String.init) == header else { throw damaged(1, "expected '\(header)'") }
        for (k, raw) in lines.enumerated().dropFirst() where !raw.isEmpty {
            let parts = raw.split(separator: " ", omittingEmptySubsequences: true)
            switch (parts.first, parts.count) {
            case ("current", 2):
                p.current = String(parts[1])
            case ("lesson", 3):
                var states: [Progress.StepState] = []
                for c in parts[2] {
                    guard let s = Progress.StepState(rawValue: c) else { throw damaged(k + 1, "unknown step state '\(c)'") }
                    states.append(s)
                }
                guard states.count <= 1000 else { throw damaged(k + 1, "too many steps") }
                // dlrepl writes each lesson once: a second line is an edit or damage, and
                // picking one of the two silently could lose the learner's progress.
                guard p.lessons[String(parts[1])] == nil else { throw damaged(k + 1, "lesson \(parts[1]) is listed twice") }
                p.lessons[String(parts[1])] = states
            default:
                throw damaged(k + 1, "expected 'current ID' or 'lesson ID STATES', got '\(raw.prefix(60))'")
            }
        }
        return p
    }

    static func render(_ p: Progress) -> String {
        var out = header + "\n"
        if let c = p.current { out += "current \(c)\n" }
        for id in p.lessons.keys.sorted() { out += "lesson \(id) \(String(p.lessons[id]!.map(\.rawValue)))\n" }
        return out
    }

    /// Atomically: a crash leaves the old file or the new one, never half of one.
    public func save(_ p: Progress) throws {
        if let slash = path.lastIndex(of: "/") { DataDirectory.ensure(String(path[..<slash])) }
        try AtomicFile.write(Array(Self.render(p).utf8), to: path)
    }
}
