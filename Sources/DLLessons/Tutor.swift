import DLLang

/// The course inside one session: opens lessons, runs the learner's entries
/// and judges each against the current step, and keeps progress. Every front
/// end (plain mode, the screen) runs entries through `run`, so the lesson
/// commands (`hint()`, `answer(...)`, ...) behave the same everywhere.
public final class Tutor {
    public let session: Session
    public let sink: QuietSink
    let store: ProgressStore?
    private let loadCourse: () -> Result<Course, LessonError>
    /// Read on first use, so a session that never asks for the course does not pay for parsing it.
    lazy var loaded: Result<Course, LessonError> = loadCourse()
    var progress = Progress()
    /// Set when the progress file could not be read: progress is then kept only
    /// in memory, so the damaged file is not overwritten.
    public private(set) var progressProblem: String?
    var run: LessonRun?
    let look = StepLook()
    /// The last "not yet" said, with its lesson and step: the check runs after
    /// every statement, so a definition typed line by line would otherwise
    /// repeat the same message once per line.
    var lastNotYet: (lesson: String, step: Int, message: String)?
    /// The screen shows steps in its own pane; plain mode prints them.
    public var printsSteps = true
    /// Called whenever the pane's content may have changed.
    public var onChange: ((LessonPane?) -> Void)?

    enum Action { case answer(Value), skip, next, back, open(String) }
    var pending: [Action] = []
    var commandRan = false

    /// `sink` must be the session's output.
    public init(session: Session, sink: QuietSink, course: @autoclosure @escaping () -> Result<Course, LessonError>,
                store: ProgressStore?) {
        self.session = session
        self.sink = sink
        self.store = store
        loadCourse = course
        if let store {
            do { progress = try store.load() } catch {
                progressProblem = "\(error)"
            }
        }
        installCommands()
    }

    /// A session that writes to `output`, with the course installed.
    public static func make(output: OutputSink, course: @autoclosure @escaping () -> Result<Course, LessonError>,
                            store: ProgressStore?) -> Tutor {
        let sink = QuietSink(output)
        return Tutor(session: Session(output: sink), sink: sink, course: course(), store: store)
    }

    public var course: Course? { try? loaded.get() }

    /// The course as found on disk, or nil when it cannot be read ("cannot find the lessons folder", a bad file).
    public static func findCourse() -> Result<Course, LessonError> {
        Result { try Course.load() }.mapError { $0 as? LessonError ?? LessonError("\($0)") }
    }
    public var isLessonOpen: Bool { run != nil }
    public var currentProgress: Progress { progress }

    func say(_ text: String) { sink.write(text.hasSuffix("\n") ? text : text + "\n") }

    /// Prose as the sink reads best: as written for a terminal, one line per
    /// paragraph where the sink wraps text to its own width (the screen).
    func sayProse(_ lines: [String]) { say((sink.wrapsText ? StepText.paragraphs(lines) : lines).joined(separator: "\n")) }

    // MARK: - Entries

    /// Runs one complete entry in the session as the prompt does, then lets the
    /// lesson react: commands take effect, and a task's check is judged.
    @discardableResult
    public func run(_ source: SourceText) -> Bool {
        pending = []
        commandRan = false
        let ok = session.run(source, echo: true)
        let actions = pending
        pending = []
        for a in actions { perform(a) }
        if actions.isEmpty && !commandRan, let r = run, !r.complete, r.step.kind == .task { judgeTask() }
        notify()
        return ok
    }

    func notify() { onChange?(pane) }

    public var pane: LessonPane? {
        guard let r = run, let course else { return nil }
        let number = course.number(of: r.lesson.id) ?? 0
        let header = "lesson \(number)/\(course.lessons.count) · \(r.lesson.id) · \(r.lesson.title)"
        if r.complete {
            return LessonPane(header: header, stepLine: "lesson complete: \(r.lesson.id)",
                              lines: ["Every step is done. lessons() lists the course; lesson(\"ID\") opens the next one."],
                              hints: [], feedback: r.feedback, complete: true)
        }
        return LessonPane(header: header, stepLine: StepText.title(r.index + 1, r.count, r.step), lines: StepText.body(r.step),
                          hints: Array(r.step.hints.prefix(r.hintsShown)), feedback: r.feedback, complete: false)
    }

    // MARK: - Opening

    /// Opens a lesson at its first unfinished step, with the state that step
    /// needs restored by running the earlier steps' reference code quietly.
    public func open(_ id: String) throws {
        let lesson: Lesson
        switch loaded {
        case .failure(let e): throw e
        case .success(let c): lesson = try c.lesson(id)
        }
        if let progressProblem { sink.writeError("warning: \(progressProblem)\n  (this session's progress is not saved)\n") }
        var r = LessonRun(lesson: lesson)
        let states = progress.states(lesson.id, count: lesson.steps.count)
        let start = states.firstIndex(of: .open) ?? 0
        let number = course?.number(of: lesson.id) ?? 0
        say("lesson \(number)/\(course?.lessons.count ?? 0) · \(lesson.id) · \(lesson.title)")
        // The screen shows it in the cell that opened the lesson, plain mode before step 1.
        if start == 0, !lesson.intro.isEmpty { sayProse(StepText.prose(lesson.intro)) }
        run = r
        var problems: [String] = []
        if let setup = lesson.setup {
            problems += sink.quietly { session.run(StepJudge.source(setup, lesson.file), echo: false) }.1
        }
        for k in 0..<start { problems += replay(lesson.steps[k], lesson.file) }
        if states.allSatisfy({ $0 != .open }) {
            say("You have finished this lesson; here it is again from the start.")
        } else if start > 0 {
            say("Resuming at step \(start + 1)/\(lesson.steps.count); the names and models of \(start == 1 ? "step 1 are" : "steps 1–\(start) are") restored.")
        }
        if let p = problems.first {
            sink.writeError("warning: restoring the lesson's earlier steps reported an error:\n" + p)
        }
        r.index = start
        run = r
        progress.current = lesson.id
        if progress.lessons[lesson.id] == nil { progress.lessons[lesson.id] = states }
        persist()
        begin(start)
    }

    /// Runs a finished step's code again, quietly; returns the errors it wrote.
    func replay(_ step: Step, _ file: String) -> [String] {
        let code: Code?
        switch step.kind {
        case .task: code = step.solution
        case .predict, .read: code = step.run
        case .choice, .number: code = nil
        }
        guard let code else { return [] }
        return sink.quietly { session.run(StepJudge.source(code, file), echo: false) }.1
    }

    func persist() {
        guard let store, progressProblem == nil else { return }
        do { try store.save(progress) } catch { sink.writeError("warning: could not save progress: \(error)\n") }
    }
}
