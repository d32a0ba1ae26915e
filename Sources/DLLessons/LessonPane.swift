/// What the screen's lesson pane shows, as plain values (it crosses from the
/// worker thread to the screen).
public struct LessonPane: Equatable, Sendable {
    public var header: String
    public var stepLine: String
    public var lines: [String]
    public var hints: [String]
    /// The last ✓ or ✗ line.
    public var feedback: String?
    public var complete: Bool

    public init(header: String, stepLine: String, lines: [String], hints: [String], feedback: String?, complete: Bool) {
        self.header = header; self.stepLine = stepLine; self.lines = lines; self.hints = hints
        self.feedback = feedback; self.complete = complete
    }
}
