import FileIO
import Testing
import DLTensor
import DLLang
#if canImport(Glibc)
import Glibc
#endif
@testable import DLApp

/// The notebook's behaviour with a real worker thread and interpreter.
@Suite struct AppCoreTests {
    func temporaryPath(_ name: String) -> String { "/tmp/dlrepl-app-test-\(getpid())-\(name)" }


    func makeCore(autosave: String? = nil, notebook: String? = nil, opensLesson: Bool = false) -> AppCore {
        let worker = Worker()
        worker.start()
        return AppCore(worker: worker, notebookPath: notebook, autosavePath: autosave, opensLesson: opensLesson)
    }

    @Test func cellsRunInOrderAndKeepTheirOutput() {
        let core = makeCore()
        core.submit("x = 20")
        core.submit("x + 22")
        core.submit("print(y)")
        settle(core)
        let cells = core.state.notebook.cells
        #expect(cells.map(\.state) == [.ran, .ran, .failed])
        #expect(cells[1].output == "42\n")
        #expect(cells[2].output.hasPrefix("error: undefined name 'y'"))
        #expect(cells[1].errors.isEmpty && cells[2].errors == [0..<cells[2].output.utf8.count])
        #expect(core.completion.names.contains("x") && core.completion.candidates(line: "softmax(t, ax", word: "ax") == ["axis:"])
    }

    /// Only what the session reported as an error is one: a print that
    /// starts with "error:" is output, and a diagnostic after output is marked from its start.
    @Test func errorsAreMarkedWhereTheSessionSentThem() {
        let core = makeCore()
        core.submit("print(\"error: not really\")\nprint(1)\nprint(z)")
        settle(core)
        let cell = core.state.notebook.cells[0]
        let start = "error: not really\n1\n".utf8.count
        #expect(cell.errors == [start..<cell.output.utf8.count], "\(cell.output)")
    }

    /// show draws into the cell's output with the shades the screen can show.
    @Test func picturesFollowTheScreensCharacterSet() {
        let core = makeCore()
        core.setUnicode(true)
        core.submit("show(reshape(arange(4), 1, 4))")
        settle(core)
        core.setUnicode(false)
        core.submit("show(reshape(arange(4), 1, 4))")
        settle(core)
        let cells = core.state.notebook.cells
        #expect(cells.map(\.output) == ["  ░░▓▓██\n0 [ ░▒▓█] 3\n", "  --**@@\n0 [ .:-=+*#%@] 3\n"])
    }

    /// scatter in a loop redraws one frame in place; a print between two
    /// drawings, or a second call site, keeps both.
    @Test func aPictureRedrawnInALoopReplacesItself() {
        let core = makeCore()
        core.setUnicode(true)
        core.submit("for i in range(3) { scatter(tensor([[i, i]]), names: [str(i)], range: 3) }")
        core.submit("for i in range(2) { scatter(tensor([[i, i]]), names: [str(i)], range: 3); print(\"after\", i) }")
        core.submit("scatter(tensor([[0, 0]]), range: 3); scatter(tensor([[1, 1]]), range: 3)")
        settle(core)
        let cells = core.state.notebook.cells.map(\.output)
        #expect(cells[0].contains("· 2 (1)") && !cells[0].contains("· 0 (1)") && !cells[0].contains("· 1 (1)"), "\(cells)")
        #expect(cells[1].contains("· 0 (1)") && cells[1].contains("after 0") && cells[1].contains("· 1 (1)") && cells[1].hasSuffix("after 1\n"))
        #expect(cells[2].components(separatedBy: "· set 1 (1)").count == 3, "\(cells[2])")
    }

    @Test func trainingSendsSnapshotsWithPanels() {
        let core = makeCore()
        core.submit("data = dataset(\"moons\", n: 200, noise: 0.1, seed: 1)")
        core.submit("model m { input(2); dense(16); relu(); dense(2) }")
        core.submit("h = fit(m, data, epochs: 20, batch: 16, validate: data)")
        settle(core)
        let t = core.state.training
        #expect(t?.finished == true && t?.epochs == 20 && t?.trainLoss.count == 20 && t?.validationLoss.count == 20)
        #expect(t?.layers.map(\.kind) == ["dense", "relu", "dense"])
        #expect(t?.layers[0].weightNorm != nil && t?.layers[0].gradNorm != nil)
        #expect(t?.layers[1].activity?.hasSuffix("dead") == true)
        #expect(t?.boundary?.points.count == 200 && t?.boundary?.values.count == 48 * 32)
        #expect(core.state.notebook.cells[2].output.hasPrefix("trained 20 epochs · loss "))
    }

    /// A hand-written loop's track calls reach the screen: every point of
    /// every series once the cell ends, even those the throttle held back.
    @Test func trackedSeriesReachTheScreenWithoutFit() {
        let core = makeCore()
        core.submit("""
            data = dataset("xor", n: 64, seed: 1)
            model m { input(2); dense(8); tanh(); dense(2) }
            opt = adam(lr: 0.05)
            for epoch in range(5) {
              for xb, yb in batches(data, 16, shuffle: true) {
                zero_grad(m)
                loss = crossentropy(m(xb, training: true), yb)
                backward(loss)
                track(loss: loss, norm: clip_grad(m, 1.0))
                step(opt, m)
              }
            }
            """)
        core.submit("len(tracked(\"loss\"))")
        settle(core)
        let t = core.state.training
        #expect(t?.trackedOnly == true && t?.tracked.map(\.name) == ["loss", "norm"])
        #expect(t?.tracked.map(\.values.count) == [20, 20])
        #expect(t?.tracked.first?.values.allSatisfy { $0.isFinite && $0 > 0 } == true)
        #expect(core.state.notebook.cells.map(\.state) == [.ran, .ran])
        #expect(core.state.notebook.cells[1].output == "20\n")
        // A fit afterwards shows its own panels; the next track brings the series back, kept.
        core.submit("h = fit(m, data, epochs: 1)")
        settle(core)
        #expect(core.state.training?.trackedOnly == false)
        #expect(core.state.notebook.cells[2].output.hasPrefix("trained 1 epoch · loss"), "\(core.state.notebook.cells[2].output)")
        core.submit("track(loss: 0.1)")
        settle(core)
        // A new run's chart shows the series it tracks (with their earlier
        // points), not those of another run: norm is not on this chart.
        #expect(core.state.training?.tracked.map(\.name) == ["loss"])
        #expect(core.state.training?.tracked.map(\.values.count) == [21])
        core.submit("track(neg_elbo: 30, kl: 2)")
        settle(core)
        #expect(core.state.training?.tracked.map(\.name) == ["neg_elbo", "kl"])
    }

    /// upd/W is one optimizer step's |ΔW| over |W|: with plain SGD that is
    /// lr·|∇W|/|W| of the last step, however fast the fit ran, and the same
    /// when the cells run again.
    @Test func updateRatioMeasuresTheLastStep() {
        let core = makeCore()
        core.submit("data = dataset(\"moons\", n: 64, noise: 0.1, seed: 1)")
        core.submit("model m { input(2); dense(8); tanh(); dense(2) }")
        for _ in 0..<2 {
            core.submit("h = fit(m, data, epochs: 3, batch: 16, optimizer: sgd(lr: 0.1), verbose: false)")
            settle(core)
            for layer in [0, 2] {
                let row = core.state.training?.layers[layer]
                guard let ratio = row?.updateRatio, let g = row?.gradNorm, let w = row?.weightNorm else {
                    Issue.record("layer \(layer) has no upd/W"); return
                }
                #expect(Swift.abs(ratio - 0.1 * g / w) <= 1e-3 * ratio, "layer \(layer): \(ratio) vs \(0.1 * g / w)")
            }
        }
    }

    /// A model ending in softmax is softmaxed once: a second softmax of
    /// probabilities could never pass 0.73, so a confident region shows it.
    @Test func boundaryOfASoftmaxModelIsAProbability() {
        let core = makeCore()
        core.submit("data = dataset(\"moons\", n: 200, noise: 0.05, seed: 1)")
        core.submit("model m { input(2); dense(16); tanh(); dense(2); softmax() }")
        core.submit("h = fit(m, data, epochs: 40, batch: 16, optimizer: adam(lr: 0.02), verbose: false)")
        settle(core)
        let values = core.state.training?.boundary?.values ?? []
        #expect((values.max() ?? 0) > 0.95 && (values.min() ?? 1) < 0.05, "range \(values.min() ?? -1)...\(values.max() ?? -1)")
    }

    @Test func stopInterruptsTrainingAndDropsQueuedCells() {
        let core = makeCore()
        core.submit("data = dataset(\"moons\", n: 2000)")
        core.submit("model m { input(2); dense(64); relu(); dense(2) }")
        core.submit("h = fit(m, data, epochs: 10000, batch: 8)")
        core.submit("print(\"never\")")
        for _ in 0..<500 {
            for m in core.worker.mailbox.takeAll() { core.receive(m) }
            if (core.state.training?.step ?? 0) > 0 { break }
            usleep(10_000)
        }
        core.togglePause()
        usleep(100_000)
        for m in core.worker.mailbox.takeAll() { core.receive(m) }
        #expect(core.state.training?.paused == true)
        // Resuming wakes the paused fit at once: it trains on.
        let held = (core.state.training?.epoch ?? 0, core.state.training?.step ?? 0)
        core.togglePause()
        usleep(200_000)
        for m in core.worker.mailbox.takeAll() { core.receive(m) }
        let now = (core.state.training?.epoch ?? 0, core.state.training?.step ?? 0)
        #expect(core.state.training?.paused == false && (now.0 > held.0 || now.1 > held.1), "\(held) → \(now)")
        core.stop()
        settle(core)
        #expect(core.state.notebook.cells[2].output.contains("fit interrupted at epoch"))
        #expect(core.state.notebook.cells[3].state == .notRun && core.state.notebook.cells[3].output.isEmpty)
    }

    @Test func autosaveRestoresEveryFinishedCell() {
        let path = temporaryPath("autosave.md")
        defer { unlink(path) }
        let first = makeCore(autosave: path)
        first.submit("a = 1")
        first.submit("print(a + 1)")
        settle(first)
        // `dlrepl lesson ID` opens a lesson, which restores its own work: the last notebook is not offered.
        #expect(!makeCore(autosave: path, opensLesson: true).state.offeringRestore)
        let second = makeCore(autosave: path)
        #expect(second.state.offeringRestore)
        second.answerRestore(true)
        #expect(second.state.notebook.cells.map(\.source) == ["a = 1", "print(a + 1)"])
        #expect(second.state.notebook.cells[1].output == "2")
        second.runAll()
        settle(second)
        #expect(second.state.notebook.cells.map(\.state) == [.ran, .ran] && second.state.notebook.cells[1].output == "2\n")
    }

    /// An autosave with Windows line ends ("\r\n") is a notebook like any other.
    @Test func aCRLFAutosaveIsOfferedForRestore() throws {
        let path = temporaryPath("crlf-autosave.md")
        defer { unlink(path) }
        try AtomicFile.write(Array("```dl\r\na = 1\r\n```\r\n\r\n```text\r\n1\r\n```\r\n".utf8), to: path)
        let core = makeCore(autosave: path)
        #expect(core.state.offeringRestore)
        core.answerRestore(true)
        #expect(core.state.notebook.cells.map(\.source) == ["a = 1"])
    }

    @Test func saveWritesTheNotebookAndReopeningShowsIt() throws {
        let path = temporaryPath("notes.md")
        defer { unlink(path) }
        let core = makeCore(notebook: path)
        core.submit("z = 3 * 4")
        core.submit("z")
        settle(core)
        core.submit("save")
        #expect(core.state.status == "saved \(path)")
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        #expect(text == "```dl\nz = 3 * 4\n```\n\n```dl\nz\n```\n\n```text\n12\n```\n")
        let reopened = makeCore(notebook: path)
        #expect(reopened.state.notebook.cells.count == 2 && reopened.state.notebook.cells[1].output == "12")
        #expect(reopened.state.notebook.cells.allSatisfy { $0.state == .notRun })
        reopened.runAll()
        settle(reopened)
        #expect(reopened.state.notebook.cells[1].output == "12\n")
    }

    /// DLREPL_ELEMENT_LIMIT holds in the screen as in `dlrepl -e`: the
    /// worker's session refuses a tensor over the limit.
    @Test func theScreensWorkerAppliesTheElementLimit() {
        #expect(SessionLimits.elementLimit("1000") == 1000)
        #expect(SessionLimits.elementLimit("0") == nil && SessionLimits.elementLimit("many") == nil && SessionLimits.elementLimit(nil) == nil)
        let worker = Worker(host: .bare(elementLimit: 1000))
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.submit("x = zeros(5000)")
        core.submit("y = zeros(500)")
        core.submit("model big { input(100); dense(100) }")
        settle(core)
        let cells = core.state.notebook.cells
        #expect(cells.map(\.state) == [.failed, .ran, .failed], "\(cells.map(\.output))")
        #expect(cells[0].output.contains("1000"), "\(cells[0].output)")
        // Without a limit the same cell runs.
        let free = makeCore()
        free.submit("x = zeros(5000)")
        settle(free)
        #expect(free.state.notebook.cells.map(\.state) == [.ran])
    }
}
