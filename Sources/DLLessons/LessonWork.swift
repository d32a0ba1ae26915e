import FileIO
import TextFormat

/// What ran in a lesson's session, in order, step by step: the learner's own
/// entries and the code the lesson ran for them (a read step's demo, a
/// revealed prediction, a skipped step's solution). Reopening the lesson
/// replays it, so the learner gets back their own models, not the reference's.
public struct LessonWork: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// The step that was current (0-based).
        public var step: Int
        public var code: String
        /// Run by the lesson rather than typed by the learner.
        public var byLesson: Bool
        public init(step: Int, code: String, byLesson: Bool) { self.step = step; self.code = code; self.byLesson = byLesson }
    }

    public var entries: [Entry] = []
    public init(entries: [Entry] = []) { self.entries = entries }

    static let header = "<!-- dlrepl lesson work 1: the cells run in this lesson, replayed when it is reopened -->"

    /// Markdown: a `## step N` heading where the step changes, each entry a
    /// fence (`dl` typed by the learner, `dl lesson` run by the lesson).
    public static func render(_ work: LessonWork) -> String {
        var out = header + "\n"
        var step: Int?
        for e in work.entries {
            if e.step != step { out += "\n## step \(e.step + 1)\n"; step = e.step }
            out += "\n" + NotebookFile.fenced(e.code, info: e.byLesson ? "dl lesson" : "dl") + "\n"
        }
        return out
    }

    /// The file as written by `render`; anything else (hand edits, damage) is
    /// read as far as it makes sense, and a file without the header as nothing.
    public static func parse(_ text: String) -> LessonWork {
        var lines = text.fileLines
        guard lines.first.map(String.init) == header else { return LessonWork() }
        lines.removeFirst()
        var work = LessonWork()
        var step = 0, i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            if line.hasPrefix("## step "), let n = Int(line.dropFirst(8)), n >= 1, n <= 10_000 { step = n - 1; continue }
            guard let (fence, info) = NotebookFile.openingFence(line), info == "dl" || info == "dllesson" else { continue }
            var body: [Substring] = []
            while i < lines.count && !(lines[i].hasPrefix(fence) && lines[i].allSatisfy({ $0 == "`" || $0 == " " })) {
                body.append(lines[i])
                i += 1
            }
            if i >= lines.count { while body.last?.isEmpty == true { body.removeLast() } }
            i += 1
            work.entries.append(Entry(step: step, code: body.joined(separator: "\n"), byLesson: info == "dllesson"))
        }
        return work
    }
}

/// Where each lesson's work lives: `lessons/ID.md` beside the progress file.
public struct LessonWorkStore: Sendable {
    public let directory: String
    public init(directory: String) { self.directory = directory }

    /// Work larger than this is not replayed (a learner's pasted data set would
    /// make reopening the lesson take minutes); the lesson's reference is used.
    static let largest = 4 << 20

    func path(_ id: String) -> String { directory + "/" + id + ".md" }

    public func load(_ id: String) -> LessonWork {
        guard let bytes = try? FileBytes.read(path(id)), bytes.count <= Self.largest else { return LessonWork() }
        return LessonWork.parse(String(decoding: bytes, as: UTF8.self))
    }

    public func save(_ work: LessonWork, _ id: String) throws {
        DataDirectory.ensure(directory)
        try AtomicFile.write(Array(LessonWork.render(work).utf8), to: path(id))
    }
}
