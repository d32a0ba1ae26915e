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

    @Flag(help: "Check every lesson (for teachers and the test suite).")
    var check = false

    func run() throws {
        Allocator.keepFreedMemory()
        let course = try loadCourse()
        if check {
            let started = ContinuousClock.now
            var failures = 0
            let out = StandardStreams()
            for lesson in course.lessons {
                for f in Checker.check(lesson) { out.write(f.description + "\n"); failures += 1 }
            }
            let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
            let steps = course.lessons.reduce(0) { $0 + $1.steps.count }
            StandardStreams().writeError("checked \(course.lessons.count) lessons, \(steps) steps: \(failures) failure\(failures == 1 ? "" : "s") (\(Int(seconds.rounded())) s)\n")
            if failures > 0 { throw ExitCode(1) }
            return
        }
        let progress: Progress
        do { progress = try ProgressStore.standard.load() } catch {
            StandardStreams().writeError("error: \(error)\n")
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
        Allocator.keepFreedMemory()
        let course = try loadCourse()
        do { _ = try course.lesson(id) } catch {
            StandardStreams().writeError("error: \(error)\n")
            throw ExitCode(1)
        }
        if !plain && StandardInput.isTerminal {
            let opened = MainActor.assumeIsolated { () -> Bool in
                guard let app = App(notebookPath: nil, lesson: id) else { return false }
                app.run()
                return true
            }
            if opened { return }
        }
        let tutor = Tutor.make(output: StandardStreams(), course: .success(course), store: ProgressStore.standard)
        Limits.apply(to: tutor.session)
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
        StandardStreams().writeError("error: \(error)\n")
        throw ExitCode(1)
    }
}
