import DLNN

/// Everything the screen shows about a training run, as plain values.
public struct TrainingSnapshot: Sendable, Equatable {
    public var modelName = ""
    public var epoch = 0, epochs = 0, step = 0, steps = 0
    /// Mean training loss of each finished epoch, then the running mean of the current one.
    public var trainLoss: [Double] = []
    public var validationLoss: [Double] = []
    public var runningLoss: Double?
    public var metricName = "accuracy"
    public var metric: Double?
    public var stepsPerSecond: Double?
    public var secondsLeft: Double?
    /// The optimizer's learning rate now (a schedule changes it per epoch).
    public var learningRate: Double?
    public var layers: [LayerRow] = []
    public var boundary: BoundaryGrid?
    /// What every unit computes over the input plane (a model on 2-D inputs).
    public var neurons: NeuronMaps?
    /// Each layer's upd/W over the recorded steps and its latest histograms.
    public var traces: [LayerTrace] = []
    /// After the fit: the epochs whose weights fit kept (at most 200, evenly
    /// spaced), which the learner can move back to; the worker draws the
    /// panels of one when asked (`TrainingMoment`).
    public var keptEpochs: [Int] = []
    public var paused = false
    public var finished = false
    public var message: String?
    /// The series of `track(name: value)`, one point per call, in the order
    /// their names first appeared.
    public var tracked: [TrackedLine] = []
    /// A loop written by hand, not a fit: only the chart of `tracked`, no
    /// progress bar, model table or boundary.
    public var trackedOnly = false

    public init() {}
}

/// The panels of one epoch of a finished fit.
public struct TrainingMoment: Sendable, Equatable {
    public var epoch: Int
    public var layers: [LayerRow]
    public var boundary: BoundaryGrid?
    public var neurons: NeuronMaps?
    public var traces: [LayerTrace]

    public init(epoch: Int, layers: [LayerRow], boundary: BoundaryGrid?, neurons: NeuronMaps?, traces: [LayerTrace]) {
        self.epoch = epoch
        self.layers = layers
        self.boundary = boundary
        self.neurons = neurons
        self.traces = traces
    }
}

public struct TrackedLine: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
