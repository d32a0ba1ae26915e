import DLLang

/// The course inside one session: opens lessons, runs the learner's entries
/// and judges each against the current step, and keeps progress. Every front
/// end (plain mode, the screen) runs entries through `run`, so the lesson
/// commands (`hint()`, `answer(...)`, ...) behave the same everywhere.
public final class Tutor {
    public let session: Session
    /// Silences the session while the lesson checks and restores.
    public let quiet: Mute
    let store: ProgressStore?
    /// The open lesson's work (what ran in it, step by step), kept beside the progress file.
    var work = LessonWork()
    var workStore: LessonWorkStore? { store.map { LessonWorkStore(directory: $0.directory + "/lessons") } }
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

    /// Front ends get their tutor from `SessionHost`.
    init(session: Session, course: @autoclosure @escaping () -> Result<Course, LessonError>, store: ProgressStore?) {
        self.session = session
        quiet = Mute(session.output)
        self.store = store
        loadCourse = course
        if let store {
            do { progress = try store.load() } catch {
                progressProblem = "\(error)"
            }
        }
        installCommands()
    }

    public var course: Course? { try? loaded.get() }

    /// The course as found on disk, or nil when it cannot be read ("cannot find the lessons folder", a bad file).
    public static func findCourse() -> Result<Course, LessonError> {
        Result { try Course.load() }.mapError { $0 as? LessonError ?? LessonError("\($0)") }
    }
    public var isLessonOpen: Bool { run != nil }

    func say(_ text: String) { session.output.write(text.hasSuffix("\n") ? text : text + "\n") }

    /// Prose as the front end reads best: as written for a terminal, one line
    /// per paragraph where it wraps text to its own width (the screen).
    func sayProse(_ lines: [String]) { say((session.output.traits.wrapsText ? StepText.paragraphs(lines) : lines).joined(separator: "\n")) }

    // MARK: - Entries

    /// Runs one complete entry in the session as the prompt does, then lets the
    /// lesson react: commands take effect, and a task's check is judged.
    @discardableResult
    public func run(_ source: SourceText) -> Bool {
        pending = []
        commandRan = false
        let stepBefore = run.flatMap { $0.complete ? nil : $0.index }
        let ok = session.run(source, echo: true)
        let actions = pending
        pending = []
        // Lesson commands are not work: replaying `answer("b")` or `skip()` would act again.
        if let stepBefore, actions.isEmpty && !commandRan { record(stepBefore, source.text, byLesson: false) }
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
    /// needs restored by running again, quietly, what ran in the lesson before:
    /// the learner's own cells, and a step's reference code only where their
    /// cells no longer pass its check or none were kept.
    public func open(_ id: String) throws {
        let lesson: Lesson
        switch loaded {
        case .failure(let e): throw e
        case .success(let c): lesson = try c.lesson(id)
        }
        if let progressProblem { session.output.writeError("warning: \(progressProblem)\n  (this session's progress is not saved)\n") }
        var r = LessonRun(lesson: lesson)
        let states = progress.states(lesson.id, count: lesson.steps.count)
        let start = states.firstIndex(of: .open) ?? 0
        let finishedAll = states.allSatisfy { $0 != .open }
        let number = course?.number(of: lesson.id) ?? 0
        say("lesson \(number)/\(course?.lessons.count ?? 0) · \(lesson.id) · \(lesson.title)")
        // The screen shows it in the cell that opened the lesson, plain mode before step 1.
        if start == 0, !lesson.intro.isEmpty { sayProse(StepText.prose(lesson.intro)) }
        run = r
        // A finished lesson starts afresh, and so does its record.
        work = finishedAll ? LessonWork() : (workStore?.load(lesson.id) ?? LessonWork())
        if finishedAll { saveWork(lesson.id) }
        var problems: [String] = []
        if let setup = lesson.setup {
            problems += quiet.quietly { session.run(StepJudge.source(setup, lesson.file), echo: false) }.1
        }
        let restored = restore(lesson, states: states, start: start)
        problems += restored.problems
        if finishedAll {
            say("You have finished this lesson; here it is again from the start.")
        } else if start > 0 {
            say("Resuming at step \(start + 1)/\(lesson.steps.count); " + restored.summary)
        }
        if let p = problems.first {
            session.output.writeError("warning: restoring the lesson's earlier steps reported an error:\n" + p)
        }
        r.index = start
        run = r
        progress.current = lesson.id
        if progress.lessons[lesson.id] == nil { progress.lessons[lesson.id] = states }
        persist()
        begin(start)
    }

    /// Runs the lesson's record again, in order. After the last entry of each
    /// finished task, its check must hold again; where it does not (or the
    /// step left no entries), the step's reference code runs instead.
    /// Returns what to tell the learner, and the errors of the lesson's own code.
    func restore(_ lesson: Lesson, states: [Progress.StepState], start: Int) -> (summary: String, problems: [String]) {
        let entries = work.entries
        var last: [Int: Int] = [:]
        for (n, e) in entries.enumerated() { last[e.step] = n }
        var problems: [String] = [], byReference: [Int] = [], notKept: [Int] = []
        var nextUnkept = 0
        func hasCode(_ s: Step) -> Bool { s.kind == .task || s.run != nil || s.begin != nil }
        // Finished steps before `step` that left no entries get their reference code first.
        func catchUp(to step: Int) {
            while nextUnkept < min(step, start) {
                let k = nextUnkept
                nextUnkept += 1
                guard states[k] != .open, last[k] == nil, hasCode(lesson.steps[k]) else { continue }
                problems += replay(lesson.steps[k], lesson.file)
                notKept.append(k)
            }
        }
        if !entries.isEmpty { say("Running your cells of this lesson again…") }
        for (n, e) in entries.enumerated() {
            catchUp(to: e.step)
            let source = SourceText(name: "your cell (step \(e.step + 1))", text: e.code)
            let errors = quiet.quietly { session.run(source, echo: false) }.1
            if e.byLesson { problems += errors }
            guard last[e.step] == n, e.step < start, e.step < lesson.steps.count, states[e.step] != .open else { continue }
            let step = lesson.steps[e.step]
            if step.kind == .task && !StepJudge.checkPasses(step, session, quiet, file: lesson.file) {
                problems += replay(step, lesson.file)
                byReference.append(e.step)
            }
        }
        catchUp(to: start)
        var summary = entries.isEmpty ? "the names and models of earlier steps are restored from the reference solutions."
                                      : "your own cells of earlier steps ran again."
        if !entries.isEmpty && !notKept.isEmpty {
            summary += " No cells of yours were kept for \(Self.stepList(notKept)): the reference's code was used."
        }
        if !byReference.isEmpty {
            summary += " Your cells of \(Self.stepList(byReference)) no longer pass \(byReference.count == 1 ? "its check" : "their checks"): the reference's solution was used."
        }
        return (summary, problems)
    }

    static func stepList(_ steps: [Int]) -> String {
        (steps.count == 1 ? "step " : "steps ") + steps.map { String($0 + 1) }.joined(separator: ", ")
    }

    /// Runs a finished step's reference code again, quietly; returns the errors it wrote.
    func replay(_ step: Step, _ file: String) -> [String] {
        let code: Code?
        switch step.kind {
        case .task: code = step.solution
        case .predict, .read: code = step.run
        case .choice, .number: code = nil
        }
        var errors: [String] = []
        for case let c? in [step.begin, code] {
            errors += quiet.quietly { session.run(StepJudge.source(c, file), echo: false) }.1
        }
        return errors
    }

    /// Keeps what just ran in the open lesson, so reopening it can run it again.
    func record(_ step: Int, _ code: String, byLesson: Bool) {
        guard let r = run, !code.allSatisfy({ $0 == " " || $0 == "\n" }) else { return }
        work.entries.append(LessonWork.Entry(step: step, code: code, byLesson: byLesson))
        saveWork(r.lesson.id)
    }

    func saveWork(_ id: String) {
        guard let workStore, progressProblem == nil else { return }
        do { try workStore.save(work, id) } catch { session.output.writeError("warning: could not save your lesson work: \(error)\n") }
    }

    func persist() {
        guard let store, progressProblem == nil else { return }
        do { try store.save(progress) } catch { session.output.writeError("warning: could not save progress: \(error)\n") }
    }
}
