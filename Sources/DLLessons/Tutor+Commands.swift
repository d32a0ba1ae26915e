import DLLang

extension Tutor {
    static let group = "lessons (help(\"lessons\") explains them)"

    static let helpTopic = """
        Lessons: the course, in short steps that ask you to do or predict something.
          lessons()          the course with your progress (also: dlrepl lessons)
          lesson("tensors")  opens a lesson at its first unfinished step (also: dlrepl lesson tensors)
        While a lesson is open:
          hint()             the next hint for this step
          solution()         shows the reference solution (runs nothing)
          skip()             runs the reference solution and moves on (counts as skipped, not passed)
          answer(value)      answers a question: answer("b"), answer(0.25)
          next(), back()     the next or the previous step
        A task is checked after every statement you run: any code that reaches the state passes.
        Progress is saved after every step, and reopening a lesson restores what earlier steps made.
        In the screen: F3 hint · F4 solution · F5 skip · F6 back · F7 next.
        """

    func installCommands() {
        let i = session.interpreter
        i.helpTopics["lessons"] = Self.helpTopic
        func command(_ sig: String, _ summary: String, _ example: String, _ body: @escaping (Arguments) throws -> Void) {
            i.register(Builtin(sig, summary, example: example, group: Self.group) { [unowned self] a in
                self.commandRan = true
                try body(a)
                return .none
            })
        }
        command("hint()", "Shows the next hint for the lesson's current step.", "hint()") { [unowned self] _ in
            let r = try self.openRun("hint")
            let hints = r.step.hints
            guard !hints.isEmpty else { self.say("(this step has no hints: next() moves on)"); return }
            let k = min(r.hintsShown, hints.count - 1)
            self.run?.hintsShown = max(r.hintsShown, k + 1)
            self.say("hint \(k + 1)/\(hints.count): \(hints[k])" + (k + 1 == hints.count ? " (solution() shows the reference)" : ""))
        }
        command("solution()", "Shows the reference solution of the current step; runs nothing.", "solution()") { [unowned self] _ in
            _ = try self.openRun("solution")
            self.session.output.write(self.solutionText() ?? "")
        }
        command("skip()", "Runs the reference solution of the current step and moves on; the step counts as skipped.", "skip()") { [unowned self] _ in
            _ = try self.openRun("skip")
            self.pending.append(.skip)
        }
        command("next()", "Moves to the next step of the lesson (a read step counts as done).", "next()") { [unowned self] _ in
            _ = try self.openRun("next")
            self.pending.append(.next)
        }
        command("back()", "Moves to the previous step of the lesson.", "back()") { [unowned self] _ in
            _ = try self.openRun("back")
            self.pending.append(.back)
        }
        command("answer(value)", "Answers the current question: a letter for a choice, a number for a number.", "answer(\"b\")") { [unowned self] a in
            let r = try self.openRun("answer")
            guard r.step.isQuestion else {
                throw RuntimeError("answer: step \(r.index + 1) is a \(r.step.kind.rawValue) step, not a question",
                                   help: r.step.kind == .task ? "run code until the task is done; hint() helps" : "next() moves on")
            }
            self.pending.append(.answer(a.value(0)))
        }
        Self.installShown(in: session, look)
        command("lessons()", "Lists the course's lessons with your progress.", "lessons()") { [unowned self] _ in
            let course = try self.loaded.get()
            self.say(CourseListing.lines(course, self.progress, current: self.run?.lesson.id).joined(separator: "\n"))
        }
        command("lesson(id)", "Opens a lesson of the course by its id (or number) at its first unfinished step.", "lesson(\"tensors\")") { [unowned self] a in
            let id: String
            if case .number = a.value(0) { id = numberText(try a.number(0, "id")) } else { id = try a.string(0, "id") }
            _ = try self.loaded.get().lesson(id)
            self.pending.append(.open(id))
        }
    }

    /// Not a command (checks call it, and a learner who types it is still
    /// judged), and the checker's sessions have it too.
    static func installShown(in session: Session, _ look: StepLook) {
        let i = session.interpreter
        i.register(Builtin("shown()", "The number of pictures (show, scatter) drawn since the lesson's step began: checks of a step about looking use it.",
                           example: "shown() > 0", group: group) { [unowned i] _ in
            .number(Double(i.picturesDrawn - look.picturesBefore))
        })
    }

    func openRun(_ name: String) throws -> LessonRun {
        guard let r = run else {
            throw RuntimeError("\(name): no lesson is open", help: "lesson(\"tensors\") opens the first one; lessons() lists them")
        }
        guard !r.complete else { throw RuntimeError("\(name): the lesson is complete", help: "lessons() lists the course") }
        return r
    }
}
