import Foundation
import Testing
import DLLessons
import DLNN
import DLTerminal
@testable import DLApp

/// Screens rendered from states, compared as text with reviewed snapshots in
/// Snapshots/. To re-record after a deliberate change:
/// DLREPL_RECORD_SNAPSHOTS=1 swift test --filter ViewTests, then read the diff.
@Suite struct ViewTests {
    static func text(_ s: AppState, _ w: Int, _ h: Int) -> String {
        View.render(s, width: w, height: h).lines()
            .map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n") + "\n"
    }

    func check(_ name: String, _ s: AppState, _ w: Int, _ h: Int) throws {
        let got = Self.text(s, w, h)
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = dir.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["DLREPL_RECORD_SNAPSHOTS"] == "1" {
            try got.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let want = try String(contentsOf: file, encoding: .utf8)
        #expect(got == want, "screen \(name) differs from Snapshots/\(name).txt:\n\(got)")
    }

    static func trainingState() -> AppState {
        var s = AppState()
        s.notebook.cells = [Notebook.Cell(source: "data = dataset(\"moons\", n: 400, noise: 0.1, seed: 1)"),
                            Notebook.Cell(source: "model m {\n  input(2)\n  dense(16)\n  tanh()\n  dense(2)\n}"),
                            Notebook.Cell(source: "h = fit(m, data, epochs: 200, batch: 32)")]
        s.notebook.finished(0, output: "", ok: true)
        s.notebook.finished(1, output: "", ok: true)
        s.running = 2
        var t = TrainingSnapshot()
        t.modelName = "m"; t.epoch = 112; t.epochs = 200; t.step = 7; t.steps = 13
        t.trainLoss = (0..<111).map { (i: Int) -> Double in 0.05 + 0.65 / (1 + Double(i) / 10) }
        t.validationLoss = (0..<111).map { (i: Int) -> Double in 0.08 + 0.65 / (1 + Double(i) / 10) }
        t.runningLoss = 0.081; t.metric = 0.975; t.stepsPerSecond = 3100; t.secondsLeft = 61
        t.layers = [LayerRow(index: 0, kind: "dense", output: "[16]", params: 48, weightNorm: 2.91, gradNorm: 0.041, updateRatio: 0.001),
                    LayerRow(index: 1, kind: "tanh", output: "[16]", params: 0, activity: "3% sat"),
                    LayerRow(index: 2, kind: "dense", output: "[2]", params: 34, weightNorm: 1.77, gradNorm: 0.012, updateRatio: 0.0008)]
        let cols = 48, rows = 32
        // Class 1 below the diagonal from top-left to bottom-right.
        let values: [Float] = (0..<(cols * rows)).map { i in Float(i / cols) * Float(cols) > Float(i % cols) * Float(rows) ? 0.95 : 0.05 }
        t.boundary = BoundaryGrid(columns: cols, rows: rows, values: values,
                                  points: [.init(x: 0.2, y: 0.2, cls: 1), .init(x: 0.8, y: 0.8, cls: 0), .init(x: 0.5, y: 0.1, cls: 1)])
        s.training = t
        return s
    }

    static func lessonState() -> AppState {
        var s = AppState()
        s.notebook.cells = [Notebook.Cell(source: "lesson(\"xor\")"), Notebook.Cell(source: "h = fit(net, data, epochs: 50)")]
        s.notebook.finished(0, output: "lesson 11/22 · xor · Why one neuron cannot learn XOR\n", ok: true)
        s.notebook.finished(1, output: "trained 50 epochs · loss 0.693 · accuracy 0.50\n✗ not yet: net gets 100 of 200 points right.\n", ok: true)
        s.lesson = LessonPane(header: "lesson 11/22 · xor · Why one neuron cannot learn XOR", stepLine: "step 3/5 · A hidden layer",
                              lines: ["Add a hidden layer of 4 tanh units between input and output:", "",
                                      "    model net { input(2); dense(4); tanh(); dense(1); sigmoid() }", "",
                                      "Train it the same way and get the accuracy above 0.9. Watch the boundary bend.", "",
                                      "(hint() for a hint · solution() shows one · skip() runs it and moves on)"],
                              hints: ["fit(net, data, epochs: 100, batch: 32, optimizer: adam(lr: 0.05), loss: \"bce\")"],
                              feedback: "✗ not yet: net gets 100 of 200 points right. Train longer.", complete: false)
        return s
    }

    /// The smallest screen a learner is promised: the step, its feedback, some notebook and the prompt.
    @Test func lessonPaneAt80x24() throws { try check("lesson-80x24", Self.lessonState(), 80, 24) }

    @Test func aPassedStepShowsItsTickAboveTheNextStep() throws {
        var s = Self.lessonState()
        s.lesson?.feedback = "✓ net gets 196 of 200 points right."
        s.lesson?.stepLine = "step 4/5 · How few hidden units?"
        let text = Self.text(s, 80, 24)
        let tick = try #require(text.range(of: "✓ net gets 196")), step = try #require(text.range(of: "step 4/5"))
        #expect(tick.lowerBound < step.lowerBound)
    }

    @Test func theFirstStartOffersTheCourse() {
        var s = AppState()
        s.courseOffer = CourseOffer(lesson: "tensors", text: "New here? Press Enter to start the course: lesson 1 · tensors.")
        #expect(Self.text(s, 100, 20).contains("New here? Press Enter to start the course"))
    }

    @Test func emptyNotebook() throws { try check("empty", AppState(), 100, 20) }

    @Test func trainingInProgress() throws { try check("training", Self.trainingState(), 132, 43) }

    @Test func trainingInASCII() throws {
        var s = Self.trainingState()
        s.unicode = false
        try check("training-ascii", s, 120, 36)
    }

    /// A GAN's loop written by hand: the chart shows every tracked series,
    /// named in the legend, with no fit running (no model table, no progress bar).
    static func trackedState() -> AppState {
        var s = AppState()
        s.notebook.cells = [Notebook.Cell(source: "for i in range(300) {\n  track(d_loss: d, g_loss: g)\n}")]
        s.running = 0
        var t = TrainingSnapshot()
        t.trackedOnly = true
        let d: [Double] = (0..<300).map { (i: Int) -> Double in 0.7 - 0.3 * Double(i) / 300 }
        let g: [Double] = (0..<300).map { (i: Int) -> Double in
            let x = Double(i)
            return 0.7 + 0.4 * x / 300 + 0.05 * sin(x / 9)
        }
        t.tracked = [TrackedLine(name: "d_loss", values: d), TrackedLine(name: "g_loss", values: g)]
        s.training = t
        return s
    }

    @Test func trackedSeriesWithoutFit() throws {
        let s = Self.trackedState()
        try check("tracked", s, 110, 24)
        let wide = Self.text(s, 110, 24)
        #expect(wide.contains("d_loss") && wide.contains("g_loss") && wide.contains("tracked") && wide.contains("step"))
        #expect(!wide.contains("epoch") && !wide.contains("model") && !wide.contains("space pause"))
        let narrow = Self.text(s, 80, 24)
        #expect(narrow.contains("d_loss") && narrow.contains("g_loss") && !narrow.contains("F8 next panel"))
    }

    /// At 80×24 one panel sits below the notebook, the loss chart first;
    /// F8 brings the model table (columns dropped by priority) and the boundary.
    @Test func trainingAt80x24() throws {
        var s = Self.trainingState()
        s.training?.learningRate = 0.01
        try check("training-80x24", s, 80, 24)
        let loss = Self.text(s, 80, 24)
        #expect(loss.contains("loss · F8 next panel") && loss.contains("lr 0.01"))
        s.narrowPanel = .model
        let model = Self.text(s, 80, 24)
        #expect(model.contains("|∇W|") && model.contains("upd/W") && !model.contains("…"))
        #expect(Self.text(s, 60, 24).contains("|∇W|"), "the gradient column is kept when space is short")
        s.narrowPanel = .boundary
        s.monochrome = true
        let boundary = Self.text(s, 80, 24)
        #expect(boundary.contains("▓") && !boundary.contains("█"), "without colours the classes are shades, not one solid block")
    }

    /// At 100×30 the model panel is 48 columns inside: whole columns are
    /// dropped by priority (act, #, out, ...) and no cell is cut with "…".
    @Test func theModelPanelDropsWholeColumns() throws {
        var s = Self.trainingState()
        s.training?.layers = [
            LayerRow(index: 0, kind: "embedding", output: "[16, 32]", params: 12_800, weightNorm: 12.5, gradNorm: 0.0412, updateRatio: 0.0012),
            LayerRow(index: 1, kind: "layernorm", output: "[16, 32]", params: 64, weightNorm: 5.66, gradNorm: 0.0031, updateRatio: 0.0009),
            LayerRow(index: 2, kind: "attention", output: "[16, 32]", params: 4_224, weightNorm: 9.12, gradNorm: 0.0153, updateRatio: 0.0011),
            LayerRow(index: 3, kind: "relu", output: "[16, 32]", params: 0, activity: "12% dead"),
            LayerRow(index: 4, kind: "dense", output: "[16, 400]", params: 13_200, weightNorm: 7.01, gradNorm: 0.0207, updateRatio: 0.0010),
        ]
        s.training?.boundary = nil
        let screen = Self.text(s, 100, 30)
        let panel = screen.split(separator: "\n").map { String($0.dropFirst(50)) }.joined(separator: "\n")
        #expect(!panel.contains("…"), "\(panel)")
        #expect(panel.contains("embedding") && panel.contains("attention") && panel.contains("total"), "\(panel)")
        #expect(panel.contains("|∇W|"), "the gradient norm is the last column to go: \(panel)")
    }

    @Test func summaryAndErrorOutputs() throws {
        var s = AppState()
        s.notebook.cells = [Notebook.Cell(source: "summary(net)"), Notebook.Cell(source: "y = x @ x")]
        s.notebook.finished(0, output: """
            model net                    input [2]
             #  layer    output  params  trainable
             0  dense    [8]         24  yes
             1  tanh     [8]          0
             ─────────────────────────────────────
             total 24 params · 96 B · forward ≈ 16 mult-adds per sample

            """, ok: true)
        s.notebook.finished(1, output: """
            error: cannot multiply [2, 3] @ [2, 3]: inner sizes 3 and 2 differ
              --> [2]:1:7
               |
             1 | y = x @ x
               |       ^

            """, ok: false)
        s.notebook.cells[1].errors = [0..<s.notebook.cells[1].output.utf8.count]
        s.inputLine = "print(soft"
        s.inputCursor = 10
        s.completions = ["softmax"]
        try check("outputs", s, 80, 18)
    }

    @Test func helpOverlay() throws {
        var s = AppState()
        s.showHelp = true
        try check("help", s, 90, 20)
    }

    @Test func tinyTerminal() throws {
        try check("tiny", AppState(), 40, 10)
        #expect(Self.text(AppState(), 59, 30).contains("terminal too small: need 60×15, have 59×30"))
        #expect(Self.text(AppState(), 12, 3).contains("need 60×15"))
    }

    @Test func staleAndNotRunCellsAreMarked() {
        var s = AppState()
        s.notebook.cells = [Notebook.Cell(source: "lr = 0.1"), Notebook.Cell(source: "opt = sgd(lr: lr)")]
        s.notebook.finished(0, output: "", ok: true)
        s.notebook.finished(1, output: "", ok: true)
        s.notebook.finished(0, output: "", ok: true)
        let screen = Self.text(s, 80, 16)
        #expect(screen.contains("[1]  lr = 0.1") && screen.contains("[2]~ opt = sgd(lr: lr)"))
    }

    @Test func cursorFollowsTheInput() {
        var s = AppState()
        s.inputLine = "abc"
        s.inputCursor = 2
        #expect(View.cursor(s, width: 80, height: 20).map { [$0.x, $0.y] } == [6, 18])
        #expect(View.cursor(s, width: 30, height: 10) == nil)
    }
}
