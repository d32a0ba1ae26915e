/// Where a learner is in one open lesson.
struct LessonRun {
    let lesson: Lesson
    var index = 0
    var hintsShown = 0
    /// A predict step has run its code (after a first, wrong prediction).
    var revealed = false
    var complete = false
    var feedback: String?

    var step: Step { lesson.steps[index] }
    var count: Int { lesson.steps.count }
}
