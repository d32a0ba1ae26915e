import DLLang
import DLNN
import DLTensor
import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs on the worker thread during fit: turns events into snapshots for the
/// screen (at most ~20 per second, so observing costs little), computes the
/// model panel's statistics and the decision boundary, and holds the
/// training loop while the learner has paused it.
final class TrainingObserver {
    private let mailbox: Mailbox<WorkerMessage>
    private let control: TrainingControl
    private var snapshot = TrainingSnapshot()
    private var lastPost: ContinuousClock.Instant? = nil
    private var startedAt = ContinuousClock.now
    /// Each layer's first weight just before the update of a step whose
    /// panels will be posted, so |ΔW|/|W| measures exactly one update.
    private var weightsBeforeUpdate: [ObjectIdentifier: [Float]] = [:]
    private var updateRatios: [ObjectIdentifier: Double] = [:]
    private var bounds: (minX: Float, maxX: Float, minY: Float, maxY: Float)?
    private let interval: Duration = .milliseconds(50)
    /// The boundary costs a forward pass over the whole grid and changes
    /// slowly, so it is redrawn four times a second.
    private let boundaryInterval: Duration = .milliseconds(250)
    private var lastBoundary: ContinuousClock.Instant? = nil

    init(mailbox: Mailbox<WorkerMessage>, control: TrainingControl) {
        self.mailbox = mailbox
        self.control = control
    }

    func handle(_ event: TrainingEvent, _ context: TrainingContext) {
        switch event {
        case .started(let epochs, let steps, _):
            snapshot = TrainingSnapshot()
            snapshot.modelName = context.model.name
            snapshot.epochs = epochs
            snapshot.steps = steps
            snapshot.metricName = context.loss.isClassification ? "accuracy" : "mae"
            startedAt = .now
            weightsBeforeUpdate = [:]
            updateRatios = [:]
            context.model.recordsActivations = true
            bounds = Self.planeBounds(context)
            lastBoundary = nil
            refreshPanels(context)
            post()
        case .willUpdate(let epoch, let step):
            // Measured for panels about to be posted, for the first step (so a
            // short fit has a value) and for the last (what the final panel shows).
            let last = epoch == snapshot.epochs && step == snapshot.steps
            guard postIsDue || updateRatios.isEmpty || last else { return }
            for layer in context.model.layers {
                for w in Self.watched(layer) { weightsBeforeUpdate[ObjectIdentifier(w)] = w.storage }
            }
        case .step(let epoch, let step, let loss, let metric):
            snapshot.epoch = epoch
            snapshot.step = step
            snapshot.runningLoss = loss
            snapshot.metric = metric
            waitWhilePaused()
            guard postIsDue else { return }
            let done = Double((epoch - 1) * snapshot.steps + step)
            let elapsed = seconds(ContinuousClock.now - startedAt)
            snapshot.stepsPerSecond = elapsed > 0 ? done / elapsed : nil
            let total = Double(snapshot.epochs * snapshot.steps)
            snapshot.secondsLeft = done > 0 ? elapsed * (total - done) / done : nil
            refreshPanels(context)
            post()
        case .epochEnded(let s):
            snapshot.trainLoss.append(s.loss)
            if let v = s.validationLoss { snapshot.validationLoss.append(v) }
            snapshot.runningLoss = nil
        case .stopped(let reason):
            snapshot.message = reason.message
        }
    }

    /// The chart of a hand-written loop, kept apart from fit's snapshot so a
    /// fit in between does not lose the series the session has tracked.
    private var tracking: TrainingSnapshot = {
        var t = TrainingSnapshot()
        t.trackedOnly = true
        return t
    }()
    private var trackingPending = false
    private var lastTrackPost: ContinuousClock.Instant? = nil
    /// The series the running cell has tracked, in order: the chart shows
    /// only these (with every point of each), so the series of an earlier
    /// run (an autoencoder's `loss`) do not share the axis with this one's.
    private var runNames: [String] = []

    /// A cell starts: its track calls start a new chart.
    func beginRun() { runNames = [] }

    /// The points of one `track(...)` call; posted at most ~20 times a second.
    func track(_ points: [(name: String, value: Double)]) {
        for (name, value) in points {
            if !runNames.contains(name) { runNames.append(name) }
            if let i = tracking.tracked.firstIndex(where: { $0.name == name }) {
                tracking.tracked[i].values.append(value)
            } else {
                tracking.tracked.append(TrackedLine(name: name, values: [value]))
            }
        }
        trackingPending = true
        if lastTrackPost.map({ ContinuousClock.now - $0 >= interval }) ?? true { postTracking() }
    }

    /// After a cell: the points the throttle held back, so the chart ends on the last one.
    func flushTracking() {
        if trackingPending { postTracking() }
    }

    private func postTracking() {
        trackingPending = false
        lastTrackPost = .now
        var run = tracking
        run.tracked = runNames.compactMap { name in tracking.tracked.first { $0.name == name } }
        mailbox.post(.training(run))
    }

    /// After fit returns (normally or not): the final panels.
    func finish(_ context: TrainingContext) {
        snapshot.finished = true
        snapshot.paused = false
        context.model.recordsActivations = false
        refreshPanels(context, force: true)
        post()
    }

    private var postIsDue: Bool { lastPost.map { ContinuousClock.now - $0 >= interval } ?? true }

    private func post() {
        lastPost = .now
        mailbox.post(.training(snapshot))
    }

    private func waitWhilePaused() {
        guard control.isPaused else { return }
        snapshot.paused = true
        post()
        while control.isPaused && !control.stopRequested { usleep(10_000) }
        snapshot.paused = false
        post()
    }

    private func refreshPanels(_ context: TrainingContext, force: Bool = false) {
        snapshot.learningRate = context.optimizer?.lr
        snapshot.layers = layerRows(context.model)
        guard let bounds else { return }
        if force || lastBoundary.map({ ContinuousClock.now - $0 >= boundaryInterval }) ?? true {
            snapshot.boundary = boundary(context, bounds)
            lastBoundary = .now
        }
    }

    /// One row per entry of the model; a nested model or block is one row
    /// whose figures cover all the weights inside it.
    private func layerRows(_ model: Model) -> [LayerRow] {
        model.layers.enumerated().map { i, layer in
            var row = LayerRow(index: i, kind: layer.layers.isEmpty ? layer.spec.kind : layer.label, output: Shape.describe(layer.outputShape),
                               params: layer.parameterCount)
            let watched = Self.watched(layer)
            if !watched.isEmpty {
                let norm = l2(watched.map(\.storage))
                row.weightNorm = norm
                let grads = watched.compactMap(\.grad)
                row.gradNorm = grads.count == watched.count ? l2(grads.map(\.storage)) : nil
                let key = ObjectIdentifier(watched[0])
                let before = watched.compactMap { weightsBeforeUpdate.removeValue(forKey: ObjectIdentifier($0)) }
                if before.count == watched.count, norm > 0 {
                    updateRatios[key] = l2(zip(watched, before).map { w, b in zip(w.storage, b).map { $0 - $1 } }) / norm
                }
                row.updateRatio = updateRatios[key]
            }
            if i < model.lastActivations.count {
                row.activity = layer.activity(model.lastActivations[i])
            }
            return row
        }
    }

    /// The weights a row's figures are about: a layer's first param (its
    /// weight matrix), or every param inside a nested model or block.
    static func watched(_ layer: Layer) -> [Tensor] {
        layer.layers.isEmpty ? Array(layer.namedParams.prefix(1).map(\.1)) : layer.params
    }

    /// The plane the boundary is drawn on: 2 input features, a classifier, with a margin.
    static func planeBounds(_ c: TrainingContext) -> (Float, Float, Float, Float)? {
        guard c.model.inputShape == [2], let k = c.classCount, k >= 2, c.x.count >= 2 else { return nil }
        let xs = stride(from: 0, to: c.x.count, by: 2).map { c.x.storage[$0] }
        let ys = stride(from: 1, to: c.x.count, by: 2).map { c.x.storage[$0] }
        let mx = (xs.max()! - xs.min()!) * 0.1 + 1e-3, my = (ys.max()! - ys.min()!) * 0.1 + 1e-3
        return (xs.min()! - mx, xs.max()! + mx, ys.min()! - my, ys.max()! + my)
    }

    static let gridColumns = 48, gridRows = 32, maxPoints = 400

    private func boundary(_ c: TrainingContext, _ b: (minX: Float, maxX: Float, minY: Float, maxY: Float)) -> BoundaryGrid? {
        let cols = Self.gridColumns, rows = Self.gridRows
        var grid = [Float](repeating: 0, count: cols * rows * 2)
        for r in 0..<rows {
            for q in 0..<cols {
                grid[(r * cols + q) * 2] = b.minX + (Float(q) + 0.5) / Float(cols) * (b.maxX - b.minX)
                grid[(r * cols + q) * 2 + 1] = b.maxY - (Float(r) + 0.5) / Float(rows) * (b.maxY - b.minY)
            }
        }
        let probe = Tensor(shape: [cols * rows, 2], storage: grid)
        // The model's logits, turned into probabilities once, by the engine's
        // own ops, whether or not the model ends in sigmoid or softmax.
        guard let probabilities = try? GradMode.withoutRecording({ () throws -> Tensor in
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
            let saved = c.model.recordsActivations
            c.model.recordsActivations = false
            defer { c.model.recordsActivations = saved }
            let logits = try c.model.forward(probe, &context, skippingFinalActivation: true)
            return logits.count == cols * rows ? logits.sigmoid() : try logits.softmax(axis: -1)
        }) else { return nil }
        let k = probabilities.count / (cols * rows)
        // Class 1's probability: the widget colours by which side of 0.5.
        let values: [Float] = (0..<(cols * rows)).map { i in probabilities.storage[i * k + Swift.min(1, k - 1)] }
        let n = c.x.count / 2
        let step = Swift.max(1, n / Self.maxPoints)
        let points = stride(from: 0, to: n, by: step).map { i in
            BoundaryGrid.Point(x: (c.x.storage[2 * i] - b.minX) / (b.maxX - b.minX),
                               y: (c.x.storage[2 * i + 1] - b.minY) / (b.maxY - b.minY),
                               cls: Int(c.y.storage[i]))
        }
        return BoundaryGrid(columns: cols, rows: rows, values: values, points: points)
    }

    private func l2(_ parts: [[Float]]) -> Double {
        parts.reduce(0.0) { total, v in v.reduce(total) { $0 + Double($1) * Double($1) } }.squareRoot()
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
