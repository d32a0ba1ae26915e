import TextFormat
import DLLang
import DLNN
import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs on the worker thread during fit: turns events into snapshots for the
/// screen (at most ~20 per second, so observing costs little), asks DLNN for
/// the model panel's statistics and the decision boundary when a snapshot is
/// due, and holds the training loop while the learner has paused it.
final class TrainingObserver {
    private let mailbox: Mailbox<WorkerMessage>
    private let control: TrainingControl
    private var snapshot = TrainingSnapshot()
    private var lastPost: ContinuousClock.Instant? = nil
    private var startedAt = ContinuousClock.now
    /// Measures the update of a step whose panels will be posted.
    private let watch = LayerWatch()
    private var plane: DecisionBoundary.Plane?
    /// The plane of a model on 2-D inputs, for its neuron maps.
    private var neuronBounds: NeuronMaps.Bounds?
    /// What fit has recorded so far (nil: recording is off).
    private var record: TrainingRecord?
    /// The last finished fit, for drawing its panels at a kept epoch later.
    private var lastFit: (model: Model, x: Tensor, y: Tensor, plane: DecisionBoundary.Plane?,
                          neuronBounds: NeuronMaps.Bounds?, record: TrainingRecord)?
    static let neuronColumns = 16, neuronRows = 8
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
            watch.reset()
            context.model.recordsActivations = true
            plane = DecisionBoundary.plane(model: context.model, x: context.x, classCount: context.classCount)
            neuronBounds = context.model.inputShape == [2] ? NeuronMaps.bounds(around: context.x) : nil
            record = nil
            lastBoundary = nil
            refreshPanels(context)
            post()
        case .willUpdate(let epoch, let step):
            // Measured for panels about to be posted, for the first step (so a
            // short fit has a value) and for the last (what the final panel shows).
            let last = epoch == snapshot.epochs && step == snapshot.steps
            guard postIsDue || !watch.hasMeasuredAnUpdate || last else { return }
            watch.noteWeights(of: context.model)
        case .step(let epoch, let step, let loss, let metric):
            snapshot.epoch = epoch
            snapshot.step = step
            snapshot.runningLoss = loss
            snapshot.metric = metric
            waitWhilePaused()
            guard postIsDue else { return }
            let done = Double((epoch - 1) * snapshot.steps + step)
            let elapsed = (ContinuousClock.now - startedAt).seconds
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
        case .recorded(let r):
            record = r
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
        if let record, !record.weights.isEmpty {
            lastFit = (context.model, context.x, context.y, plane, neuronBounds, record)
            snapshot.keptEpochs = record.weightEpochs
        }
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
        control.waitWhilePaused()
        snapshot.paused = false
        post()
    }

    private func refreshPanels(_ context: TrainingContext, force: Bool = false) {
        snapshot.learningRate = context.optimizer?.lr
        snapshot.layers = watch.rows(context.model)
        snapshot.traces = record?.traces() ?? []
        guard plane != nil || neuronBounds != nil else { return }
        if force || lastBoundary.map({ ContinuousClock.now - $0 >= boundaryInterval }) ?? true {
            snapshot.boundary = plane.flatMap { DecisionBoundary.grid(model: context.model, x: context.x, y: context.y, plane: $0) }
            snapshot.neurons = neuronMaps(context.model, neuronBounds)
            lastBoundary = .now
        }
    }

    private func neuronMaps(_ model: Model, _ bounds: NeuronMaps.Bounds?) -> NeuronMaps? {
        guard let bounds else { return nil }
        return try? NeuronMaps.compute(model, bounds: bounds, columns: Self.neuronColumns, rows: Self.neuronRows)
    }

    /// The last fit's panels at a kept epoch: its weights are put in the
    /// model (and the present ones back after), with one forward pass over
    /// some of the data for the layers' activity. About a millisecond, on
    /// the worker thread between cells, only when the learner moves there.
    func moment(epoch: Int) -> TrainingMoment? {
        guard let fit = lastFit, let k = fit.record.weightEpochs.firstIndex(of: epoch) else { return nil }
        let model = fit.model, record = fit.record
        let now = model.snapshot()
        guard model.restore(flattened: record.weights[k][...]) else { return nil }
        defer {
            model.restore(now)
            model.recordsActivations = false
            model.forgetActivations()
        }
        model.recordsActivations = true
        let probe = fit.x.rows(Array(0..<Swift.min(fit.x.shape.first ?? 0, 256)))
        _ = try? GradMode.withoutRecording { () throws -> Tensor in
            var c = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
            return try model.forward(probe, &c)
        }
        model.recordsActivations = false
        let last = record.lastRecord(atOrBefore: epoch)
        var rows = LayerWatch().rows(model)
        // upd/W of the last step recorded by then (the rows cannot measure it after the fact).
        let traces = last.map { record.traces(through: $0) } ?? record.layers.map {
            LayerTrace(name: $0.name, updateRatio: [], activations: nil, gradients: nil)
        }
        for i in rows.indices where i < traces.count {
            rows[i].gradNorm = nil
            rows[i].updateRatio = traces[i].updateRatio.last.map { pow(10, $0) }
        }
        return TrainingMoment(epoch: epoch, layers: rows,
                              boundary: fit.plane.flatMap { DecisionBoundary.grid(model: model, x: fit.x, y: fit.y, plane: $0) },
                              neurons: neuronMaps(model, fit.neuronBounds),
                              traces: traces)
    }

}
