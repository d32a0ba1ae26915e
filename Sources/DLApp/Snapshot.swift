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

public struct TrackedLine: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

public struct LayerRow: Sendable, Equatable {
    public var index: Int
    public var kind: String
    public var output: String
    public var params: Int
    public var weightNorm: Double?
    public var gradNorm: Double?
    /// |ΔW| / |W| of one optimizer step: the last one measured.
    public var updateRatio: Double?
    /// "12% dead" for ReLU-like layers, "3% sat" for tanh/sigmoid.
    public var activity: String?
}

/// The decision boundary of a 2-D classifier: class-1 probability on a grid
/// (row-major, top row first) and the training points, all scaled to 0...1.
public struct BoundaryGrid: Sendable, Equatable {
    public var columns: Int, rows: Int
    public var values: [Float]
    public var points: [Point]

    public struct Point: Sendable, Equatable {
        public var x: Float, y: Float
        public var cls: Int
    }
}
