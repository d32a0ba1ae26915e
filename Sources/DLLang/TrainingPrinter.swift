import DLNN
import DLTensor
import TextFormat

/// Prints fit's events: on a terminal a progress bar redrawn in place with
/// the running loss and an ETA, and one line per finished epoch; otherwise
/// just the epoch lines.
final class TrainingPrinter: TrainingListener {
    let output: SessionOutput
    let verbose: Bool
    let metricName: String
    private var stepsPerEpoch = 1, epochs = 1
    private let clock = ContinuousClock()
    private var startedAt: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private(set) var stopMessage: String?

    let context: TrainingContext

    init(output: SessionOutput, verbose: Bool, metricName: String, context: TrainingContext) {
        self.output = output
        self.context = context
        self.verbose = verbose && output.traits.printsTrainingLines
        self.metricName = metricName
        startedAt = clock.now
        lastDraw = clock.now
    }

    func handle(_ event: TrainingEvent) {
        output.send(.training(event, context))
        switch event {
        case .started(let e, let steps, _):
            epochs = e; stepsPerEpoch = steps
            startedAt = clock.now
        case .willUpdate, .recorded:
            return
        case .step(let epoch, let step, let loss, let metric):
            guard verbose, output.traits.redrawsProgress else { return }
            let now = clock.now
            // A redraw costs a write; 20 per second is smooth enough.
            guard now - lastDraw > .milliseconds(50) else { return }
            lastDraw = now
            drawProgress(epoch: epoch, step: step, loss: loss, metric: metric)
        case .epochEnded(let s):
            guard verbose else { return }
            var line = "epoch \(s.epoch)/\(s.epochs)  loss \(EvaluationText.f3(s.loss))"
            if let m = s.metric { line += "  \(metricName) \(EvaluationText.f3(m))" }
            if let v = s.validationLoss { line += "  val_loss \(EvaluationText.f3(v))" }
            if let v = s.validationMetric { line += "  val_\(metricName) \(EvaluationText.f3(v))" }
            line += "  lr \(NumberFormat.readable(s.learningRate))"
            output.write(line + "\n")
            // The bar stays on screen between epochs, so the ETA is always visible.
            if output.traits.redrawsProgress && s.epoch < s.epochs {
                drawProgress(epoch: s.epoch + 1, step: 0, loss: s.loss, metric: s.metric)
            }
        case .stopped(let reason):
            stopMessage = TrainingPrinter.describe(reason)
            output.write(stopMessage! + "\n")
        }
    }

    /// The live line: this epoch's bar, the running loss and metric, and the
    /// time left for the whole fit.
    private func drawProgress(epoch: Int, step: Int, loss: Double, metric: Double?) {
        let done = Double((epoch - 1) * stepsPerEpoch + step) / Double(Swift.max(epochs * stepsPerEpoch, 1))
        let elapsed = (clock.now - startedAt).seconds
        let eta = done > 0 ? elapsed * (1 - done) / done : 0
        var line = "epoch \(epoch)/\(epochs) " + bar(Double(step) / Double(stepsPerEpoch), width: 24)
        line += "  loss \(EvaluationText.f3(loss))"
        if let metric { line += "  \(short(metricName)) \(EvaluationText.f3(metric))" }
        line += "  ·  ETA \(NumberFormat.clock(eta))"
        output.send(.progress(line))
    }

    static func describe(_ reason: StopReason) -> String {
        switch reason {
        case .interrupted(let epoch, let step):
            return "fit interrupted at epoch \(epoch), step \(step): the weights of the last finished step are kept."
        case .diverged(let epoch, let step, let last, let lr, let optimizer, let isNaN):
            var s = "fit stopped at epoch \(epoch), step \(step): the loss became \(isNaN ? "NaN" : "infinite")."
            if let last { s += "\n  The last finite loss was \(EvaluationText.f3(last)); the weights are from that step." }
            let suggestion = optimizer.replacingFirst("lr: \(NumberFormat.shortest(lr))", with: "lr: \(NumberFormat.shortest(lr / 10))")
            s += "\n  Try a smaller learning rate (now \(NumberFormat.shortest(lr))), e.g. \(suggestion), or standardize the inputs."
            return s
        case .earlyStopped(let epoch, let best, let loss):
            return "early stop at epoch \(epoch): val_loss has not improved since epoch \(best) (\(EvaluationText.f3(loss))); its weights are restored."
        }
    }

    private func short(_ name: String) -> String { name == "accuracy" ? "acc" : name }

    private func bar(_ fraction: Double, width: Int) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        return String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    }

}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, let start = indexOf(target) else { return self }
        return String(self[..<start]) + replacement + String(self[index(start, offsetBy: target.count)...])
    }

    private func indexOf(_ target: String) -> String.Index? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i }
            i = index(after: i)
        }
        return nil
    }
}

extension StopReason {
    /// The sentence a learner sees when fit stops early.
    public var message: String { TrainingPrinter.describe(self) }
}
