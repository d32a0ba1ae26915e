/// `dlrepl lessons` and `lessons()`: one line per lesson, in course order:
/// ID, title, then `done`, `N/M` or `new`.
public enum CourseListing {
    public static func lines(_ course: Course, _ progress: Progress, current: String? = nil) -> [String] {
        let idWidth = course.lessons.map(\.id.count).max() ?? 0
        let titleWidth = course.lessons.map(\.title.count).max() ?? 0
        return course.lessons.map { l in
            let mark = l.id == current ? "▸ " : ""
            return mark + l.id.padded(idWidth) + "  " + l.title.padded(titleWidth) + "  " + progress.status(l.id, count: l.steps.count)
        }
    }
}

extension String {
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
