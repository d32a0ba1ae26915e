import TextFormat
import ArgumentParser
import DLApp
import DLLang
import DLLessons
import DLTensor
#if canImport(Glibc)
import Glibc
#endif

/// `dlrepl lessons`: the course with progress; `--check` runs every lesson's reference solutions.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the course's lessons with your progress (done, N/M steps, or new).",
        discussion: "With --check, run every lesson headlessly: each task must fail before its reference solution and pass after; each question must accept its answer and refuse a wrong one. Prints one line per failure; exits 1 if there is any.")

    @Flag(help: "Check every lesson, or the lessons named (for teachers and the test suite).")
    var check = false

    @Flag(help: "List the tasks whose solution their prose or first hint already shows, and the keyed letters of lettered questions.")
    var audit = false

    @ArgumentParser.Argument(help: "With --check: only these lessons (IDs or numbers).")
    var ids: [String] = []

    func run() throws {
        StartUp.prepare()
        let course = try loadCourse()
        if audit {
            let given = CourseAudit.dictations(course)
            for d in given { print(d) }
            let tasks = CourseAudit.taskCount(course)
            print("\(given.count) of \(tasks) tasks show their solution in the prose or the first hint (at most \(tasks / 10) should)")
            let letters = CourseAudit.answerLetters(course)
            let total = letters.values.reduce(0, +)
            print("keyed letters of \(total) lettered questions: " + letters.keys.sorted().map { "\($0) \(letters[$0]!)" }.joined(separator: ", ")
                  + " (none should key more than 35%)")
            return
        }
        if !ids.isEmpty && !check {
            TextFrontEnd.error("error: lesson IDs go with --check (dlrepl lesson ID opens one)")
            throw ExitCode(1)
        }
        if check {
            let started = ContinuousClock.now
            var failures = 0
            var chosen = course.lessons
            if !ids.isEmpty {
                do { chosen = try ids.map { try course.lesson($0) } } catch {
                    TextFrontEnd.error("error: \(error)")
                    throw ExitCode(1)
                }
            }
            for lesson in chosen {
                for f in Checker.check(lesson) { print(f.description); failures += 1 }
            }
            let seconds = (ContinuousClock.now - started).seconds
            let steps = chosen.reduce(0) { $0 + $1.steps.count }
            TextFrontEnd.error("checked \(chosen.count) lessons, \(steps) steps: \(failures) failure\(failures == 1 ? "" : "s") (\(Int(seconds.rounded())) s)")
            if failures > 0 { throw ExitCode(1) }
            return
        }
        let progress: Progress
        do { progress = try ProgressStore.standard.load() } catch {
            TextFrontEnd.error("error: \(error)")
            throw ExitCode(1)
        }
        for line in CourseListing.lines(course, progress) { print(line) }
    }
}

/// `dlrepl lesson ID`: one lesson, in the screen, or in plain mode (`--plain`, or stdin not a terminal).
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Open a lesson at its first unfinished step (dlrepl lessons lists the IDs).")

    @ArgumentParser.Argument(help: "The lesson's ID (or its number in the course).")
    var id: String

    @Flag(help: "The line REPL instead of the full screen.")
    var plain = false

    func run() throws {
        StartUp.prepare()
        let course = try loadCourse()
        let host = SessionHost(course: { .success(course) }, store: ProgressStore.standard,
                               elementLimit: SessionLimits.environmentElementLimit)
        do { _ = try course.lesson(id) } catch {
            TextFrontEnd.error("error: \(error)")
            throw ExitCode(1)
        }
        if !plain && StandardInput.isTerminal {
            let opened = MainActor.assumeIsolated { () -> Bool in
                guard let app = App(notebookPath: nil, lesson: id, host: host) else { return false }
                app.run()
                return true
            }
            if opened { return }
        }
        let tutor = host.textSession()
        try tutor.open(id)
        if StandardInput.isTerminal {
            MainActor.assumeIsolated { PlainREPL(tutor: tutor).run() }
        } else {
            // End of input ends the lesson with status 0, errors or not (progress is saved after every step).
            _ = StdinSession(tutor: tutor).run()
        }
    }
}

func loadCourse() throws -> Course {
    do { return try Course.load() } catch {
        TextFrontEnd.error("error: \(error)")
        throw ExitCode(1)
    }
}
