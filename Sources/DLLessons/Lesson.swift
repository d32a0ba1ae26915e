/// One lesson of the course, as read from its Markdown file.
public struct Lesson: Sendable, Equatable {
    public var id: String
    public var title: String
    public var part: Int
    public var partTitle: String
    /// Lessons to do first (their IDs).
    public var needs: [String]
    public var minutes: Int?
    /// Text shown before the first step.
    public var intro: String
    /// Code run quietly before the first step (and before restoring a later one).
    public var setup: Code?
    public var steps: [Step]
    /// Where it came from, for messages.
    public var file: String

    public init(id: String, title: String, part: Int, partTitle: String, needs: [String], minutes: Int?,
                intro: String, setup: Code?, steps: [Step], file: String) {
        self.id = id; self.title = title; self.part = part; self.partTitle = partTitle; self.needs = needs
        self.minutes = minutes; self.intro = intro; self.setup = setup; self.steps = steps; self.file = file
    }
}
