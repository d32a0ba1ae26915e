import DLLang

/// Runs every lesson headlessly, as a teacher's test: each task's check must
/// fail before its reference solution and pass after it; each question must
/// accept its answer and refuse a wrong one; all lesson code must run.
public enum Checker {
    public struct Failure: Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let lesson: String
        public let step: String
        public let problem: String
        public var description: String { "\(file):\(line): \(lesson) \(step): \(problem)" }
    }

    public static func check(_ course: Course) -> [Failure] {
        course.lessons.flatMap(check)
    }

    public static func check(_ lesson: Lesson) -> [Failure] {
        let (session, quiet) = SessionHost.checking()
        let look = StepLook()
        Tutor.installShown(in: session, look)
        var failures: [Failure] = []
        let file = lesson.file
        func fail(_ line: Int, _ step: String, _ problem: String) {
            failures.append(Failure(file: file, line: line, lesson: lesson.id, step: step, problem: problem))
        }
        func runs(_ code: Code?, _ what: String, _ step: String) -> Bool {
            guard let code else { return true }
            let (ok, errors) = quiet.quietly { session.run(StepJudge.source(code, file), echo: false) }
            if !ok { fail(code.line, step, "\(what) fails: " + (errors.first?.split(separator: "\n").first.map(String.init) ?? "an error")) }
            return ok
        }
        // What a learner is shown once the step is done must be fillable then.
        func messagesFill(_ messages: [String?], _ step: String, _ line: Int) {
            for case let m? in messages where quiet.quietly({ MessageTemplate.fill(m, in: session, file: file, line: line) }).0 == nil {
                fail(line, step, "a {…} part of the message \"\(m.prefix(40))…\" cannot be evaluated after the solution")
            }
        }
        guard runs(lesson.setup, "the setup", "setup") else { return failures }
        for (k, step) in lesson.steps.enumerated() {
            let name = "step \(k + 1)/\(lesson.steps.count) (\(step.title))"
            // A failure message is only filled in when its case happens, so
            // a part that is no expression at all is caught here instead.
            for case let m? in step.diagnoses.map(\.message) + [step.passMessage, step.explain] {
                if let part = MessageTemplate.malformedPart(m) {
                    fail(step.line, name, "the message \"\(m.prefix(40))…\" has \(part.prefix(40)), which is not one expression; write {{ and }} for braces")
                }
            }
            look.picturesBefore = session.interpreter.picturesDrawn
            guard runs(step.begin, "its begin code", name) else { return failures }
            switch step.kind {
            case .task:
                if StepJudge.checkPasses(step, session, quiet, file: file) {
                    fail(step.check!.line, name, "the check passes before the solution runs")
                }
                guard runs(step.solution, "the solution", name) else { return failures }
                if !StepJudge.checkPasses(step, session, quiet, file: file) {
                    let why = StepJudge.diagnosis(step, session, quiet, file: file).map { " (\($0))" } ?? ""
                    fail(step.check!.line, name, "the check fails after the solution ran" + why)
                }
                messagesFill([step.passMessage, step.explain], name, step.line)
            case .choice, .number, .predict:
                let right: Value
                if step.hasOptions {
                    right = .string(step.answer!.text)
                } else if let e = StepJudge.expectedNumber(step, session, quiet, file: file) {
                    right = .number(e)
                } else {
                    fail(step.answer!.line, name, "the answer cannot be evaluated")
                    return failures
                }
                if StepJudge.judge(step, right, session, quiet, file: file) != .right {
                    fail(step.answer!.line, name, "the right answer is not accepted")
                }
                if let wrong = StepJudge.wrongAnswer(step, session, quiet, file: file),
                   case .right = StepJudge.judge(step, wrong, session, quiet, file: file) {
                    fail(step.answer!.line, name, "a wrong answer (\(wrong.shown())) is accepted")
                }
                if step.kind == .predict { guard runs(step.run, "the code it runs", name) else { return failures } }
                messagesFill([step.explain], name, step.line)
            case .read:
                guard runs(step.run, "the code it runs", name) else { return failures }
            }
        }
        return failures
    }
}
