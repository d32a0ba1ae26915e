import Testing
import DLNN
import DLTerminal
#if canImport(Glibc)
import Glibc
#endif
@testable import DLApp

/// The screen's panels that look inside a fit (neuron maps, layers over
/// time) and moving back through a finished fit's epochs.
@Suite struct LookingInsideScreenTests {
    func fitted(epochs: Int) -> AppCore {
        let worker = Worker()
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.submit("data = dataset(\"moons\", n: 120, noise: 0.1, seed: 1)")
        core.submit("seed(4)")
        core.submit("model m { input(2); dense(6); tanh(); dense(2) }")
        core.submit("h = fit(m, data, epochs: \(epochs), batch: 16, seed: 3, optimizer: adam(lr: 0.05))")
        settle(core)
        return core
    }

    /// Asks the worker for the last fit's panels at `epoch` and waits for them.
    func moment(_ core: AppCore, _ epoch: Int) -> TrainingMoment? {
        core.worker.drawMoment(epoch: epoch)
        for _ in 0..<500 {
            for m in core.worker.mailbox.takeAll() { core.receive(m) }
            if core.state.moment?.epoch == epoch { return core.state.moment }
            usleep(10_000)
        }
        return nil
    }

    @Test func aFitOnThePlaneShowsItsNeuronsItsLayersAndKeepsEachEpoch() throws {
        let core = fitted(epochs: 6)
        let t = try #require(core.state.training)
        let maps = try #require(t.neurons)
        #expect(maps.layers.map(\.maps.count) == [6, 2], "the tanh's six units and the two outputs")
        #expect(t.traces.map(\.name) == ["layers[0] dense(6)", "layers[1] tanh()", "layers[2] dense(2)"])
        #expect(t.traces[0].updateRatio.count > 10 && t.traces[0].updateRatio.allSatisfy { $0 < 0 && $0 > -6 })
        // The last recorded step is the last batch: 120 = 7 × 16 + 8 rows, six units each.
        #expect(t.traces[1].updateRatio.isEmpty && t.traces[1].activations?.total == 8 * 6)
        // Epoch 0 (before training) and each of the six.
        #expect(t.keptEpochs == Array(0...6))
        let end = try #require(moment(core, 6)), start = try #require(moment(core, 0))
        #expect(end.boundary == t.boundary && end.neurons == t.neurons, "the last moment is the fit's end")
        #expect(start.boundary != end.boundary)
        #expect(core.state.training?.boundary == t.boundary, "drawing a moment leaves the model as it was")
    }

    /// What the panels show at epoch 3 is what a model trained 3 epochs
    /// from the same seeds shows at its end.
    @Test func aMomentIsTheModelAsItWasThen() throws {
        let long = fitted(epochs: 6)
        let short = try #require(fitted(epochs: 3).state.training)
        let third = try #require(moment(long, 3))
        #expect(third.epoch == 3)
        #expect(third.boundary == short.boundary)
        #expect(third.neurons == short.neurons)
        #expect(third.layers.map(\.weightNorm) == short.layers.map(\.weightNorm))
    }

    @Test func ctrlArrowsMoveThroughTheEpochsAndTypeOtherwise() throws {
        let core = fitted(epochs: 6)
        var s = core.state
        func press(_ key: Key) -> [AppCommand] {
            let (next, commands) = AppState.update(s, key, lineIsEmpty: true, width: 132, height: 43)
            s = next
            return commands
        }
        #expect(s.canScrub && s.scrub == nil)
        #expect(press(.ctrlLeft) == [.drawMoment(5)] && s.scrubEpoch == 5)
        for _ in 0..<10 { _ = press(.ctrlLeft) }
        #expect(s.scrubEpoch == 0, "it stops at the start")
        s.moment = moment(core, 0)
        var screen = ViewTests.text(s, 132, 43)
        #expect(screen.contains("loss · before training"), "\(screen)")
        _ = press(.ctrlRight); _ = press(.ctrlRight)
        #expect(s.scrubbed == nil, "until the worker has drawn epoch 2, the panels show the end")
        s.moment = moment(core, 2)
        screen = ViewTests.text(s, 132, 43)
        #expect(screen.contains("loss · epoch 2 of 6") && screen.contains("epoch 2 of 6 · Ctrl-← → epochs"), "\(screen)")
        for _ in 0..<4 { _ = press(.ctrlRight) }
        #expect(s.scrub == nil, "past the last kept epoch, the fit's end again")
        // While a cell runs, and with no fit, the keys move the input line's cursor a word.
        s.running = 9
        #expect(press(.ctrlLeft) == [.type(.ctrlLeft)] && s.scrub == nil)
        #expect(AppState.update(AppState(), .ctrlRight, lineIsEmpty: false, height: 24).1 == [.type(.ctrlRight)])
        // A long fit keeps every 2nd, 4th, … epoch: the status line says so.
        s.running = nil
        s.training?.keptEpochs = [0, 4, 8]
        s.training?.trainLoss = Array(repeating: 0.5, count: 9)
        _ = press(.ctrlLeft)
        let status = ViewTests.text(s, 132, 43).split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("epoch 8 of 9 (every 4 kept) · Ctrl-← → epochs"), "\(status)")
    }

    /// show of a signed tensor in the notebook: blue below 0, orange above,
    /// on a screen with colours; shades alone on one without.
    @Test func signedPicturesAreColouredInTheNotebook() throws {
        for monochrome in [false, true] {
            let worker = Worker()
            worker.start()
            let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
            core.setUnicode(true)
            core.setMonochrome(monochrome)
            core.submit("show(reshape(linspace(-1, 1, 16), 2, 8))")
            settle(core)
            let cell = core.state.notebook.cells[0]
            let levels = Set(cell.tints.map(\.level))
            if monochrome {
                #expect(cell.tints.isEmpty && cell.output.contains("░"), "\(cell.output)")
                continue
            }
            #expect(levels.contains { $0 < 0 } && levels.contains { $0 > 0 }, "\(cell.tints)")
            let lines = View.notebookLines(core.state, .unicode, width: 60)
            let roles = Set(lines.flatMap { $0.spans.map(\.1.role) })
            #expect(roles.contains(.positive) && roles.contains(.negative))
        }
    }

    @Test func f8ShowsTheBoundaryTheNeuronsAndTheLayers() throws {
        var s = fitted(epochs: 6).state
        #expect(s.widePanels == [.boundary, .neurons, .layers])
        var seen: [String] = []
        for _ in 0..<3 {
            let screen = ViewTests.text(s, 132, 43)
            seen.append(["decision boundary", "neurons · each unit", "layers · log10 upd/W"].first { screen.contains($0) } ?? "none")
            s = AppState.update(s, .f(8), lineIsEmpty: true, width: 132, height: 43).0
        }
        #expect(seen == ["decision boundary", "neurons · each unit", "layers · log10 upd/W"])
        // The layers panel: the −3 guide and a histogram row per layer that ran.
        s.widePanel = .layers
        let screen = ViewTests.text(s, 132, 43)
        #expect(screen.contains("-3") && screen.contains("1 tanh") && screen.contains("gradient"), "\(screen)")
        // Below 100 columns F8 reaches them too.
        #expect(s.narrowPanels == [.loss, .model, .boundary, .neurons, .layers])
        s.narrowPanel = .neurons
        #expect(ViewTests.text(s, 80, 24).contains("neurons · each unit"))
    }
}
