/// What a learner has done: per lesson, each step's state; and the lesson they were in last.
public struct Progress: Equatable, Sendable {
    public enum StepState: Character, Sendable {
        case open = "."
        case passed = "p"
        case skipped = "s"
    }

    public var lessons: [String: [StepState]] = [:]
    /// The lesson open last, for "continue where you left off".
    public var current: String?

    public init() {}

    /// Every step's state for a lesson of `count` steps (a lesson that gained or lost steps is fitted).
    public func states(_ id: String, count: Int) -> [StepState] {
        let s = lessons[id] ?? []
        return Array((s + Array(repeating: .open, count: max(0, count - s.count))).prefix(count))
    }

    public func finished(_ id: String, count: Int) -> Int { states(id, count: count).filter { $0 != .open }.count }

    /// The listing's last column: `done`, `N/M` or `new`.
    public func status(_ id: String, count: Int) -> String {
        let n = finished(id, count: count)
        if n == count { return "done" }
        return n == 0 ? "new" : "\(n)/\(count)"
    }
}
