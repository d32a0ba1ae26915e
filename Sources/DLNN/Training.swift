import DLTensor

/// What `fit` reports as it goes; the listener prints it or the screen draws it.
/// Only plain values cross, so a listener may live on another thread.
public enum TrainingEvent: Sendable {
    case started(epochs: Int, stepsPerEpoch: Int, samples: Int)
    /// The gradients are ready and the optimizer is about to update: a
    /// listener that measures the update itself reads the weights here.
    case willUpdate(epoch: Int, step: Int)
    case step(epoch: Int, step: Int, loss: Double, metric: Double?)
    case epochEnded(EpochSummary)
    case stopped(StopReason)
    /// The layers over time so far: after each recorded step (about 100 per
    /// fit) and after each epoch's weights are kept. A value: keeping it
    /// copies nothing until fit appends again.
    case recorded(TrainingRecord)
}

public struct EpochSummary: Sendable {
    public let epoch: Int            // 1-based
    public let epochs: Int
    public let loss: Double
    public let metric: Double?       // accuracy, or MAE for regression
    public let validationLoss: Double?
    public let validationMetric: Double?
    public let learningRate: Double
    public let seconds: Double
}

public enum StopReason: Sendable {
    case interrupted(epoch: Int, step: Int)
    case diverged(epoch: Int, step: Int, lastFiniteLoss: Double?, learningRate: Double, optimizer: String, isNaN: Bool)
    case earlyStopped(epoch: Int, bestEpoch: Int, bestValidationLoss: Double)
}

public protocol TrainingListener: AnyObject {
    func handle(_ event: TrainingEvent)
}

public struct FitOptions {
    public var epochs = 10
    public var batchSize = 32
    public var loss: Loss
    public var optimizer: Optimizer
    public var validation: (x: Tensor, y: Tensor)?
    public var shuffle = true
    public var seed: UInt64 = 0
    public var earlyStopPatience: Int?
    public var weightDecay: Double = 0
    public var schedule: Schedule = .constant
    /// The largest global gradient norm of a step (`fit(..., clip:)`); nil: no clipping.
    public var clipNorm: Double?
    /// Keep a `TrainingRecord` of the layers (`fit(..., record: false)` turns it off).
    public var record = true

    public init(loss: Loss, optimizer: Optimizer) {
        self.loss = loss
        self.optimizer = optimizer
    }
}

/// Per-epoch lists, as `h.loss`, `h.val_loss`, `h.accuracy`, ...
public struct History: Sendable {
    public var loss: [Double] = []
    public var validationLoss: [Double] = []
    public var metric: [Double] = []
    public var validationMetric: [Double] = []
    /// The learning rate each epoch ran at (schedules change it).
    public var learningRate: [Double] = []
    public var metricName: String
    public var stop: StopReason?
    /// The layers over time; nil when recording was off.
    public var record: TrainingRecord?
}

/// The training loop: shuffled mini-batches, one optimizer step per batch,
/// validation after each epoch, and the stops a learner needs (Ctrl-C,
/// divergence, early stopping). The weights always come from a finished step.
public struct Trainer {
    public let model: Model
    public let options: FitOptions
    public weak var listener: TrainingListener?
    public var shouldStop: () -> Bool = { false }
    public var clock: () -> Double = { 0 }

    public init(model: Model, options: FitOptions, listener: TrainingListener?) {
        self.model = model
        self.options = options
        self.listener = listener
    }

    public func fit(x: Tensor, y: Tensor) throws -> History {
        let n = x.shape.first ?? 0
        guard n > 0 else { throw ModelError("fit: the dataset is empty") }
        guard y.shape.first == n else {
            throw ModelError("fit: \(n) inputs but \(y.shape.first ?? 0) targets")
        }
        var run = Run(trainer: self, x: x, y: y)
        // A step that threw midway leaves the model as it was.
        defer { run.recorder?.abandon() }
        listener?.handle(.started(epochs: options.epochs, stepsPerEpoch: run.steps, samples: n))
        for epoch in 0..<options.epochs {
            if let reason = try run.epoch(epoch) {
                run.history.stop = reason
                run.history.record = run.recorder?.record
                listener?.handle(.stopped(reason))
                return run.history
            }
        }
        // With early stopping on, the model ends with its best weights.
        if let best = run.best, options.earlyStopPatience != nil { model.restore(best.weights) }
        run.history.record = run.recorder?.record
        return run.history
    }

    /// The state of one fit call as it goes.
    struct Run {
        let trainer: Trainer
        let x: Tensor, y: Tensor
        let n: Int, batch: Int, steps: Int
        let logits: Bool
        let params: [Tensor]
        var history: History
        var rng: RandomGenerator
        var best: (loss: Double, epoch: Int, weights: [[Float]])? = nil
        var sinceBest = 0
        var lastFinite: Double? = nil
        var recorder: LayerRecorder?
        /// Steps finished, across epochs.
        var stepsDone = 0

        init(trainer: Trainer, x: Tensor, y: Tensor) {
            self.trainer = trainer
            self.x = x; self.y = y
            n = x.shape.first ?? 0
            batch = Swift.max(1, Swift.min(trainer.options.batchSize, n))
            steps = (n + batch - 1) / batch
            logits = trainer.options.loss.wantsLogits(trainer.model)
            params = trainer.model.params
            history = History(metricName: trainer.options.loss.isClassification ? "accuracy" : "mae")
            rng = RandomGenerator(seed: trainer.options.seed)
            if trainer.options.record { recorder = LayerRecorder(model: trainer.model, skipsFinalActivation: logits, plannedSteps: steps * trainer.options.epochs) }
        }

        var options: FitOptions { trainer.options }
        var listener: TrainingListener? { trainer.listener }

        /// One pass over the shuffled data, then validation and the early-stop
        /// check; a reason to stop ends the fit.
        mutating func epoch(_ epoch: Int) throws -> StopReason? {
            let started = trainer.clock()
            options.optimizer.lr = options.optimizer.baseLR * options.schedule.factor(epoch: epoch, total: options.epochs)
            let order = options.shuffle ? rng.permutation(n) : Array(0..<n)
            var lossSum = 0.0, metricSum = 0.0, seen = 0
            for s in 0..<steps {
                if trainer.shouldStop() { return .interrupted(epoch: epoch + 1, step: s) }
                let rows = Array(order[(s * batch)..<Swift.min(n, (s + 1) * batch)])
                let result = try step(rows, epoch: epoch, index: s)
                guard let (value, metric) = result.measured else { return result.stop }
                lossSum += value * Double(rows.count)
                metricSum += metric * Double(rows.count)
                seen += rows.count
                listener?.handle(.step(epoch: epoch + 1, step: s + 1, loss: lossSum / Double(seen), metric: metricSum / Double(seen)))
            }
            recorder?.endEpoch(epoch + 1)
            if let record = recorder?.record { listener?.handle(.recorded(record)) }
            history.loss.append(lossSum / Double(seen))
            history.metric.append(metricSum / Double(seen))
            history.learningRate.append(options.optimizer.lr)
            let validation = try validate()
            listener?.handle(.epochEnded(EpochSummary(
                epoch: epoch + 1, epochs: options.epochs, loss: history.loss.last!, metric: history.metric.last,
                validationLoss: validation?.loss, validationMetric: validation?.metric,
                learningRate: options.optimizer.lr, seconds: trainer.clock() - started)))
            return earlyStop(epoch: epoch, validationLoss: validation?.loss)
        }

        /// Forward, loss, backward and one optimizer update on a mini-batch.
        /// A loss that is not finite stops before backward, so the weights stay
        /// those of the last finished step.
        mutating func step(_ rows: [Int], epoch: Int, index s: Int) throws -> (measured: (Double, Double)?, stop: StopReason?) {
            let loss = options.loss
            let xb = x.rows(rows), yb = y.rows(rows)
            recorder?.begin(step: stepsDone + 1)
            var context = ForwardContext(training: true, rng: rng)
            let out = try trainer.model.forward(xb, &context, skippingFinalActivation: logits)
            rng = context.rng
            var objective = try loss.compute(out, yb)
            let value = Double(objective.storage[0])
            guard value.isFinite else {
                recorder?.abandon()
                return (nil, .diverged(epoch: epoch + 1, step: s + 1, lastFiniteLoss: lastFinite,
                                       learningRate: options.optimizer.lr,
                                       optimizer: options.optimizer.description, isNaN: value.isNaN))
            }
            lastFinite = value
            if let penalty = try trainer.model.penaltyLoss() { objective = try objective + penalty }
            // No gradient rather than zeros: backward then keeps each param's
            // gradient as it comes instead of adding it to a fresh array of
            // zeros (a fill and an add over every weight, each step). A param
            // the loss does not reach has none either way, and is not updated.
            for p in params { p.grad = nil }
            try objective.backward()
            if let maxNorm = options.clipNorm { GradClip.clip(params, maxNorm: maxNorm) }
            recorder?.beforeUpdate()
            listener?.handle(.willUpdate(epoch: epoch + 1, step: s + 1))
            options.optimizer.step(params, extraWeightDecay: options.weightDecay)
            stepsDone += 1
            if recorder?.afterUpdate(step: stepsDone, epoch: epoch + 1) == true, let record = recorder?.record {
                listener?.handle(.recorded(record))
            }
            let metric = GradMode.withoutRecording { Trainer.batchMetric(out, yb, loss: loss, logits: logits) }
            return ((value, metric), nil)
        }

        mutating func validate() throws -> (loss: Double, metric: Double)? {
            guard let (vx, vy) = options.validation else { return nil }
            let r = try Evaluator(model: trainer.model, loss: options.loss).measure(x: vx, y: vy)
            history.validationLoss.append(r.loss)
            history.validationMetric.append(r.metric)
            return (r.loss, r.metric)
        }

        /// Keeps the best weights; after `patience` epochs without a better
        /// validation loss, restores them and stops.
        mutating func earlyStop(epoch: Int, validationLoss: Double?) -> StopReason? {
            guard let patience = options.earlyStopPatience, let vl = validationLoss else { return nil }
            if best == nil || vl < best!.loss {
                best = (vl, epoch + 1, trainer.model.snapshot())
                sinceBest = 0
                return nil
            }
            sinceBest += 1
            guard sinceBest >= patience, let best else { return nil }
            trainer.model.restore(best.weights)
            return .earlyStopped(epoch: epoch + 1, bestEpoch: best.epoch, bestValidationLoss: best.loss)
        }
    }

    /// Accuracy for classification, mean absolute error for regression.
    static func batchMetric(_ out: Tensor, _ y: Tensor, loss: Loss, logits: Bool) -> Double {
        let n = y.shape.first ?? 0
        guard n > 0 else { return 0 }
        switch loss {
        case .crossentropy:
            // One label per position: [batch] labels, or [batch, time] for a sequence.
            let positions = y.count
            let predicted = rowArgmax(out, rows: positions)
            return Double((0..<positions).filter { Float(predicted[$0]) == y.storage[$0] }.count) / Double(positions)
        case .bce:
            let threshold: Float = logits ? 0 : 0.5
            var correct = 0
            for i in 0..<n where (out.storage[i] > threshold ? 1 : 0) == y.storage[i] { correct += 1 }
            return Double(correct) / Double(n)
        case .mse, .mae:
            var s = 0.0
            for i in 0..<Swift.min(out.count, y.count) { s += Double(Swift.abs(out.storage[i] - y.storage[i])) }
            return s / Double(Swift.max(out.count, 1))
        }
    }
}

/// The index of the largest value in each of `rows` rows (first on ties).
func rowArgmax(_ t: Tensor, rows n: Int) -> [Int] {
    let k = n > 0 ? t.count / n : 0
    // Through one buffer pointer: reading t.storage per element went through
    // the tensor's property each time, 2% of a character model's training.
    return t.storage.withUnsafeBufferPointer { v in
        (0..<n).map { i in
            let row = i * k
            var best = 0, largest = k > 0 ? v[row] : 0
            for j in 1..<Swift.max(k, 1) where v[row + j] > largest { best = j; largest = v[row + j] }
            return best
        }
    }
}
