import Testing
import DLLessons
import DLTerminal
#if canImport(Glibc)
import Glibc
#endif
@testable import DLApp

/// What keys do, driven through `AppState.update` without a terminal.
@Suite struct KeyMapTests {
    /// Keys typed one after another; the line is empty only before the first.
    static func typing(_ text: String, into state: AppState) -> (AppState, [AppCommand]) {
        var s = state, all: [AppCommand] = []
        for (i, c) in text.enumerated() {
            let (next, commands) = AppState.update(s, .char(c), lineIsEmpty: i == 0, height: 24)
            s = next
            all += commands
        }
        return (s, all)
    }

    @Test func noBindingIsAKeyThatTypes() {
        for binding in KeyMap.bindings {
            for key in binding.keys {
                if case .char = key { Issue.record("\(binding.action) is bound to \(key), which types a character") }
            }
        }
    }

    /// Typing `print(1 + 2)` while fit runs types every character: p, l and
    /// space no longer switch panels, toggle the log scale or pause.
    @Test func typingDuringFitTypesEveryCharacter() {
        let s = ViewTests.trainingState()
        #expect(s.isFitting)
        let (after, commands) = Self.typing("print(1 + 2) l p", into: s)
        #expect(commands == "print(1 + 2) l p".map { .type(.char($0)) })
        #expect(after.narrowPanel == s.narrowPanel && after.logScale == s.logScale)
        // The controls are on keys that never type, and the status bar names them.
        #expect(AppState.update(s, .f(9), lineIsEmpty: true, height: 24).1 == [.togglePause])
        #expect(AppState.update(s, .f(10), lineIsEmpty: true, height: 24).0.logScale)
        #expect(AppState.update(s, .f(8), lineIsEmpty: true, height: 24).0.narrowPanel == .model)
        // The help closes on any key, and a typed character still reaches the line.
        var help = s
        help.showHelp = true
        let (closed, typed) = AppState.update(help, .char("p"), lineIsEmpty: true, height: 24)
        #expect(!closed.showHelp && typed == [.type(.char("p"))])
        #expect(AppState.update(help, .f(1), lineIsEmpty: true, height: 24) == (s, []))
        let bar = ViewTests.text(s, 80, 24).split(separator: "\n").last ?? ""
        #expect(bar.contains("F9 pause") && bar.contains("Esc stop") && bar.contains("F10 log scale") && bar.contains("F8 next panel"), "\(bar)")
    }

    /// Ctrl-C stops the fit; the next `p`, typed before the worker has
    /// finished the cell, is typed (it used to switch panels).
    @Test func ctrlCThenTypingTypes() {
        let s = ViewTests.trainingState()
        let (stopped, commands) = AppState.update(s, .ctrl("c"), lineIsEmpty: true, height: 24)
        #expect(commands == [.stop])
        #expect(stopped.isBusy, "the cell still runs until the worker says it stopped")
        let (_, typed) = Self.typing("print(2)", into: stopped)
        #expect(typed == "print(2)".map { .type(.char($0)) })
        // With nothing running, Ctrl-C clears the line and Esc does nothing.
        var idle = s
        idle.running = nil
        idle.training?.finished = true
        #expect(AppState.update(idle, .ctrl("c"), lineIsEmpty: false, height: 24).1 == [.clearInput])
        #expect(AppState.update(idle, .escape, lineIsEmpty: false, height: 24).1 == [])
    }

    /// The same with a real fit on the worker: Ctrl-C, then `p` goes to the input line.
    @Test func ctrlCDuringARealFitThenTyping() {
        let worker = Worker()
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.submit("data = dataset(\"moons\", n: 2000)")
        core.submit("model m { input(2); dense(64); relu(); dense(2) }")
        core.submit("h = fit(m, data, epochs: 10000, batch: 8)")
        for _ in 0..<500 {
            for m in core.worker.mailbox.takeAll() { core.receive(m) }
            if (core.state.training?.step ?? 0) > 0 { break }
            usleep(10_000)
        }
        #expect(core.state.isFitting)
        #expect(core.handle(.ctrl("c"), lineIsEmpty: true, height: 24) == [])
        #expect(core.state.status == "stopping…")
        #expect(core.handle(.char("p"), lineIsEmpty: true, height: 24) == [.type(.char("p"))])
        settle(core)
        #expect(core.state.notebook.cells[2].output.contains("fit interrupted at epoch"))
        #expect(core.handle(.char("p"), lineIsEmpty: true, height: 24) == [.type(.char("p"))])
    }

    static func lessonWithTraining() -> AppState {
        var s = ViewTests.trainingState()
        s.lesson = ViewTests.lessonState().lesson
        return s
    }

    /// At 80×24 F8 goes through every panel, the lesson's step first, and back to it.
    @Test func f8CyclesThroughEveryPanelIncludingTheLesson() throws {
        var s = Self.lessonWithTraining()
        s.narrowPanel = .lesson
        #expect(s.narrowPanels == [.lesson, .loss, .model, .boundary])
        var seen: [String] = []
        for _ in 0..<5 {
            seen.append(ViewTests.text(s, 80, 24))
            s = AppState.update(s, .f(8), lineIsEmpty: true, height: 24).0
        }
        #expect(seen[0].contains("step 3/5 · A hidden layer") && seen[0].contains("Add a hidden layer") && seen[0].contains("F8 chart"))
        #expect(seen[1].contains("loss · F8 next panel") && !seen[1].contains("step 3/5"))
        #expect(seen[2].contains("model m · F8 next panel") && seen[2].contains("|∇W|"))
        #expect(seen[3].contains("decision boundary · F8 next panel"))
        #expect(seen[4] == seen[0], "F8 after the last panel brings the lesson back")
        // A hand-written loop's chart and the lesson take turns.
        var tracked = ViewTests.trackedState()
        tracked.lesson = s.lesson
        #expect(tracked.narrowPanels == [.lesson, .loss])
        tracked.narrowPanel = .loss
        let chart = ViewTests.text(tracked, 80, 24)
        #expect(chart.contains("tracked · F8 next panel") && !chart.contains("A hidden layer"))
        tracked = AppState.update(tracked, .f(8), lineIsEmpty: true, height: 24).0
        #expect(ViewTests.text(tracked, 80, 24).contains("A hidden layer"))
    }

    /// A cell that calls track(...) brings its chart; when the cell ends
    /// (its check passed or failed) the step comes back.
    @Test func theLessonComesBackAfterEachCell() {
        let core = AppCore(worker: Worker(), notebookPath: nil, autosavePath: nil)  // not started: messages by hand
        let pane = ViewTests.lessonState().lesson!
        core.receive(.lesson(pane))
        core.submit("for i in range(3) { track(loss: i) }")
        var t = TrainingSnapshot()
        t.trackedOnly = true
        t.tracked = [TrackedLine(name: "loss", values: [0, 1])]
        core.receive(.training(t))
        #expect(core.state.narrowPanel == .loss, "the new chart is shown while the cell runs")
        core.receive(.lesson(pane))
        core.receive(.cellFinished(index: 0, ok: true))
        #expect(core.state.narrowPanel == .lesson)
        let screen = ViewTests.text(core.state, 80, 24)
        #expect(screen.contains("step 3/5 · A hidden layer") && screen.contains("✗ not yet"))
        // The next cell that tracks shows its chart again while it runs; F8
        // during it goes to the step and stays there for the rest of the cell.
        core.submit("track(loss: 0.5)")
        t.tracked = [TrackedLine(name: "loss", values: [0, 1, 0.5])]
        core.receive(.training(t))
        #expect(core.state.narrowPanel == .loss)
        _ = core.handle(.f(8), lineIsEmpty: true, height: 24)
        core.receive(.training(t))
        #expect(core.state.narrowPanel == .lesson)
        core.receive(.cellFinished(index: 1, ok: true))
        #expect(core.state.narrowPanel == .lesson)
    }

    /// A step longer than its pane scrolls with Ctrl-↓ / Ctrl-↑ to its last line and back.
    @Test func aLongStepScrolls() {
        var s = AppState()
        s.lesson = LessonPane(header: "lesson 36/40 · vae · A variational autoencoder", stepLine: "step 5/9 · The training loop",
                              lines: ["Copy the loop as it is:", ""] + (1...30).map { "    line \($0) of the loop" } + ["", "(the end of the step)"],
                              hints: [], feedback: nil, complete: false)
        let top = ViewTests.text(s, 80, 24)
        #expect(top.contains("line 1 of the loop") && !top.contains("(the end of the step)"))
        #expect(top.contains("▼ Ctrl-↓ more") && top.contains("Ctrl-↑↓ step text"))
        var screens = [top]
        for _ in 0..<20 {
            s = AppState.update(s, .ctrlDown, lineIsEmpty: true, height: 24).0
            screens.append(ViewTests.text(s, 80, 24))
        }
        #expect(screens.last?.contains("(the end of the step)") == true && screens.last?.contains("▲ Ctrl-↑ back") == true)
        #expect(screens.last?.contains("line 30 of the loop") == true)
        #expect(screens.allSatisfy { $0.contains("step 5/9 · The training loop") }, "the step's line stays while its text scrolls")
        // Every line of the loop was on screen at some point.
        for k in 1...30 { #expect(screens.contains { $0.contains("line \(k) of the loop\n") || $0.contains("line \(k) of the loop ") }) }
        for _ in 0..<20 { s = AppState.update(s, .ctrlUp, lineIsEmpty: true, height: 24).0 }
        #expect(s.lessonScroll == 0 && ViewTests.text(s, 80, 24) == top)
        // Without UTF-8 the scroll line is ASCII too.
        var ascii = s
        ascii.unicode = false
        ascii.lessonScroll = 3
        #expect(ViewTests.text(ascii, 80, 24).contains("v Ctrl-Down more * lines 4-15 of 32 * Ctrl-Up back"), "\(ViewTests.text(ascii, 80, 24))")
        // Without a lesson, Ctrl-↑ is history's ↑.
        #expect(AppState.update(AppState(), .ctrlUp, lineIsEmpty: true, height: 24).1 == [.type(.up)])
    }

    static let readLesson = """
        ---
        id: stepper
        title: The stepper
        part: 1 Basics
        ---
        ## task: Make x
        Make x equal to 3.
        check: x == 3
        hint: x = 3
        solution: x = 3

        ## read: Watch the backward pass
        The stepper walks the backward pass one node at a time.
        run:
        ```dl
        model small { input(2); dense(2); tanh(); dense(1); sigmoid() }
        backprop(small, tensor([[0.5, -1]]), tensor([1]), loss: "bce")
        ```
        """

    /// A read step whose `run:` opens the stepper shows its text first; Enter opens the stepper.
    @Test func aReadStepShowsItsTextBeforeTheStepper() throws {
        let course = Course(lessons: [try LessonParser.parse(Self.readLesson, file: "stepper.md")], directory: "/nowhere")
        let worker = Worker(host: SessionHost(course: { .success(course) }, store: nil, elementLimit: nil))
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.submit("lesson(\"stepper\")")
        settle(core)
        core.submit("x = 3")
        settle(core)
        for _ in 0..<100 where core.state.waitingInspector == nil { usleep(10_000); for m in core.worker.mailbox.takeAll() { core.receive(m) } }
        #expect(core.state.lesson?.stepLine == "step 2/2 · Watch the backward pass")
        #expect(core.state.inspector == nil && core.state.waitingInspector != nil)
        let screen = ViewTests.text(core.state, 80, 24)
        #expect(screen.contains("The stepper walks the backward pass") && screen.contains("Enter: open the backward pass"), "\(screen)")
        // Typed text is still typed; Enter on an empty line opens the stepper.
        #expect(core.handle(.char("q"), lineIsEmpty: true, height: 24) == [.type(.char("q"))])
        #expect(core.handle(.enter, lineIsEmpty: true, height: 24) == [])
        guard case .backprop? = core.state.inspector else { Issue.record("no stepper"); return }
        #expect(core.state.waitingInspector == nil)
        // A backprop the learner types themselves opens at once.
        _ = core.handle(.char("q"), lineIsEmpty: true, height: 24)
        #expect(core.state.inspector == nil)
        core.submit("backprop(small, tensor([[1, 1]]), tensor([0]), loss: \"bce\")")
        settle(core)
        guard case .backprop? = core.state.inspector else { Issue.record("the typed backprop did not open"); return }
    }
}
