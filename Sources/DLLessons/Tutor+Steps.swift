import DLLang

extension Tutor {
    /// Shows step `i` (plain mode prints it) and, for a read step, runs its code for the learner to watch.
    func begin(_ i: Int) {
        guard var r = run else { return }
        r.index = i
        lastNotYet = nil
        r.hintsShown = 0
        r.revealed = false
        r.complete = false
        // A ✗ belongs to the step it judged: a new step starts without one
        // (`passed` puts its ✓ back, shown above the new step's line).
        r.feedback = nil
        run = r
        let step = r.step
        look.picturesBefore = session.interpreter.picturesDrawn
        if let code = step.begin { runForLearner(code, step: i, quietly: true) }
        if printsSteps {
            say("\n" + StepText.title(i + 1, r.count, step))
            sayProse(StepText.body(step))
        }
        if step.kind == .read, let code = step.run {
            // The screen shows the step's text before anything its code opens (a stepper).
            notify()
            runForLearner(code, step: i)
        }
    }

    /// Runs code of the lesson's in the learner's session (a step's begin:,
    /// a demo, a revealed prediction, a skipped step's solution) and keeps
    /// it in the lesson's record, so reopening the lesson runs it again in
    /// its place among the learner's own cells.
    func runForLearner(_ code: Code, step: Int, quietly: Bool = false) {
        guard let file = run?.lesson.file else { return }
        if quietly {
            _ = quiet.quietly { session.run(StepJudge.source(code, file), echo: false) }
        } else {
            session.run(StepJudge.source(code, file), echo: true)
        }
        record(step, code.text, byLesson: true)
    }

    func mark(_ state: Progress.StepState) {
        guard let r = run else { return }
        var states = progress.states(r.lesson.id, count: r.count)
        // A step passed once stays passed, even when it is skipped later.
        if states[r.index] != .passed { states[r.index] = state }
        progress.lessons[r.lesson.id] = states
        persist()
    }

    /// A message with its `{expression}` parts evaluated; where one cannot
    /// be, the sentences that can, or nil (the caller says something generic).
    func filled(_ message: String?) -> String? {
        guard let message, let r = run else { return message }
        return quiet.quietly { () -> String? in
            MessageTemplate.fill(message, in: session, file: r.lesson.file, line: r.step.line)
                ?? MessageTemplate.fillWhatHolds(message, in: session, file: r.lesson.file, line: r.step.line)
        }.0
    }

    func feedback(_ line: String) {
        run?.feedback = line
        say(line)
    }

    /// After a finished step: the next one, or the end of the lesson.
    func advance() {
        guard var r = run else { return }
        if r.index + 1 < r.count {
            begin(r.index + 1)
        } else {
            r.complete = true
            run = r
            say("lesson complete: \(r.lesson.id)")
            if let course, let k = course.lessons.firstIndex(where: { $0.id == r.lesson.id }), k + 1 < course.lessons.count {
                let next = course.lessons[k + 1]
                say("Next: \(next.title) — lesson(\"\(next.id)\"), or dlrepl lesson \(next.id)")
            }
        }
    }

    func judgeTask() {
        guard let r = run else { return }
        if StepJudge.checkPasses(r.step, session, quiet, file: r.lesson.file) {
            passed(filled(r.step.passMessage) ?? "done")
        } else if let why = StepJudge.diagnosis(r.step, session, quiet, file: r.lesson.file) {
            let said = (lesson: r.lesson.id, step: r.index, message: why)
            if let last = lastNotYet, last == said { return }
            lastNotYet = said
            feedback("✗ not yet: " + why)
        }
    }

    func passed(_ message: String) {
        feedback("✓ " + message)
        mark(.passed)
        advance()
        run?.feedback = "✓ " + message
    }

    func perform(_ action: Action) {
        if case .open(let id) = action {
            do { try open(id) } catch { session.output.writeError("error: \(error)\n") }
            return
        }
        guard let r = run, !r.complete else { return }
        let step = r.step, file = r.lesson.file
        switch action {
        case .open: break
        case .answer(let value):
            let verdict = StepJudge.judge(step, value, session, quiet, file: file)
            if case .malformed(let why) = verdict { feedback("✗ " + why); return }
            if step.kind == .predict && !r.revealed {
                run?.revealed = true
                say(verdict == .right ? "Your prediction: right. Here is what happens:" : "Your prediction: not quite. Here is what happens:")
                if let code = step.run { runForLearner(code, step: r.index) }
            }
            switch verdict {
            case .right:
                passed("right" + (filled(step.explain).map { ": " + $0 } ?? ""))
            case .wrong(let why):
                let more = r.hintsShown < step.hints.count ? " · hint() gives a hint" : " · solution() shows the answer"
                feedback("✗ \(why)." + (step.kind == .predict ? " Look at the output above, then answer again." : "") + more)
            case .malformed: break
            }
        case .skip:
            say("skipped: running the reference solution")
            switch step.kind {
            case .task:
                if let code = step.solution { runForLearner(code, step: r.index) }
            case .predict:
                if !r.revealed, let code = step.run { runForLearner(code, step: r.index) }
                if let e = filled(step.explain) { say(e) }
            case .choice, .number:
                say("the answer: " + StepJudge.answerCall(step, session, quiet, file: file))
                if let e = filled(step.explain) { say(e) }
            case .read: break
            }
            mark(.skipped)
            advance()
        case .next:
            if step.kind == .read {
                passed(filled(step.passMessage) ?? "read")
            } else if r.index + 1 < r.count {
                say("moving on; step \(r.index + 1) is not finished (back() returns to it)")
                begin(r.index + 1)
            } else {
                session.output.writeError("error: this is the last step: finish it, or skip() runs its solution\n")
            }
        case .back:
            guard r.index > 0 else { session.output.writeError("error: this is the first step\n"); return }
            begin(r.index - 1)
        }
    }

    /// The reference solution as `solution()` shows it.
    func solutionText() -> String? {
        guard let r = run, !r.complete else { return nil }
        let step = r.step
        let code: String
        switch step.kind {
        case .task: code = step.solution?.text ?? ""
        case .choice, .number, .predict: code = StepJudge.answerCall(step, session, quiet, file: r.lesson.file)
        case .read: code = "next()"
        }
        return "solution:\n" + code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n\n"
    }
}
