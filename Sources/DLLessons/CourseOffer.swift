/// What the screen offers at start: the course on a first start, else the
/// lesson the learner was in (or the next one), to take with one key.
public struct CourseOffer: Equatable, Sendable {
    public var lesson: String
    public var text: String

    public init(lesson: String, text: String) { self.lesson = lesson; self.text = text }

    public static func make(_ course: Course, _ progress: Progress) -> CourseOffer? {
        guard let first = course.lessons.first else { return nil }
        func label(_ l: Lesson) -> String { "lesson \(course.number(of: l.id) ?? 0) · \(l.id) · \(l.title)" }
        if progress.lessons.isEmpty {
            return CourseOffer(lesson: first.id, text: "New here? Press Enter to start the course: \(label(first)).")
        }
        let unfinished = { (l: Lesson) in progress.finished(l.id, count: l.steps.count) < l.steps.count }
        if let id = progress.current, let l = course.lessons.first(where: { $0.id == id }), unfinished(l) {
            let next = (progress.states(l.id, count: l.steps.count).firstIndex(of: .open) ?? 0) + 1
            return CourseOffer(lesson: l.id, text: "Press Enter to continue \(label(l)), at step \(next)/\(l.steps.count).")
        }
        guard let next = course.lessons.first(where: unfinished) else { return nil }
        return CourseOffer(lesson: next.id, text: "Press Enter to go on with \(label(next)).")
    }
}
