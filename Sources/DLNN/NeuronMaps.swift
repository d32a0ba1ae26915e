import DLTensor

/// What each unit of a model on 2-D inputs computes, as a value: its output
/// at every point of a grid over a rectangle of the input plane (as
/// TensorFlow Playground draws it). Kept apart from any drawing, so text
/// output and the screen's panel draw the same numbers.
public struct NeuronMaps: Sendable, Equatable {
    public struct Bounds: Sendable, Equatable {
        public var x0: Float, x1: Float, y0: Float, y1: Float
        public init(x0: Float, x1: Float, y0: Float, y1: Float) { self.x0 = x0; self.x1 = x1; self.y0 = y0; self.y1 = y1 }
    }

    public enum State: String, Sendable, Equatable { case alive, dead, saturated }

    /// One unit: `values[row * columns + column]`, row 0 at the top (y1),
    /// column 0 at the left (x0); both edges of the rectangle are sampled.
    public struct Map: Sendable, Equatable {
        public let unit: Int
        public let values: [Float]
        public let state: State
    }

    /// The maps of one entry of the model (`net.layers[index]`).
    public struct LayerMaps: Sendable, Equatable {
        public let index: Int
        public let label: String
        /// Its kind (`tanh`, `dense`, ...): decides what dead or saturated means.
        public let kind: String
        public let maps: [Map]
        public let isOutput: Bool
        /// The smallest and largest value over all its maps.
        public let lo: Float, hi: Float
    }

    public let bounds: Bounds
    public let columns: Int, rows: Int
    public let layers: [LayerMaps]

    /// Units with more maps than this per layer are cut (a map per unit of a
    /// 512-wide layer is no picture).
    public static let maxUnits = 64

    /// The point of grid cell (row, column).
    public func point(row: Int, column: Int) -> (x: Float, y: Float) {
        let fx = columns > 1 ? Float(column) / Float(columns - 1) : 0.5
        let fy = rows > 1 ? Float(row) / Float(rows - 1) : 0.5
        return (bounds.x0 + fx * (bounds.x1 - bounds.x0), bounds.y1 - fy * (bounds.y1 - bounds.y0))
    }

    /// The plane around 2-D points with a 10% margin; nil for anything else.
    public static func bounds(around x: Tensor) -> Bounds? {
        guard x.rank == 2, x.shape[1] == 2, x.shape[0] >= 1 else { return nil }
        var b = Bounds(x0: .infinity, x1: -.infinity, y0: .infinity, y1: -.infinity)
        for i in 0..<x.shape[0] {
            let px = x.storage[2 * i], py = x.storage[2 * i + 1]
            guard px.isFinite, py.isFinite else { continue }
            b.x0 = Swift.min(b.x0, px); b.x1 = Swift.max(b.x1, px)
            b.y0 = Swift.min(b.y0, py); b.y1 = Swift.max(b.y1, py)
        }
        guard b.x0 <= b.x1, b.y0 <= b.y1 else { return nil }
        let mx = (b.x1 - b.x0) * 0.1 + 1e-3, my = (b.y1 - b.y0) * 0.1 + 1e-3
        return Bounds(x0: b.x0 - mx, x1: b.x1 + mx, y0: b.y0 - my, y1: b.y1 + my)
    }

    /// Runs the grid through `model` in evaluation mode, one batch, not
    /// recorded. Shown: the output of every entry that is not followed by an
    /// elementwise activation (the activation's output is the neuron's), and
    /// the model's output.
    public static func compute(_ model: Model, bounds: Bounds, columns: Int, rows: Int) throws -> NeuronMaps {
        guard model.inputShape == [2] else {
            throw ModelError("neuron maps need a model on 2-D inputs (points of a plane), but \(model.name) takes \(Shape.describe(model.inputShape))",
                             help: "neurons(net) draws what each unit computes over the input plane, for models that start with input(2)")
        }
        guard columns >= 2, rows >= 2, columns * rows <= 1_000_000 else {
            throw ModelError("neuron maps need a grid of at least 2×2 and at most a million points")
        }
        guard bounds.x0.isFinite, bounds.x1.isFinite, bounds.y0.isFinite, bounds.y1.isFinite,
              bounds.x0 < bounds.x1, bounds.y0 < bounds.y1 else {
            throw ModelError("neuron maps need a rectangle with x0 < x1 and y0 < y1")
        }
        var grid = NeuronMaps(bounds: bounds, columns: columns, rows: rows, layers: [])
        var points = [Float](repeating: 0, count: columns * rows * 2)
        for r in 0..<rows {
            for c in 0..<columns {
                let p = grid.point(row: r, column: c)
                points[2 * (r * columns + c)] = p.x
                points[2 * (r * columns + c) + 1] = p.y
            }
        }
        let kept = model.recordsActivations
        model.recordsActivations = true
        defer {
            model.recordsActivations = kept
            if !kept { model.forgetActivations() }
        }
        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
        _ = try GradMode.withoutRecording {
            try model.forward(Tensor(shape: [columns * rows, 2], storage: points), &context)
        }
        let outputs = model.lastActivations
        let n = columns * rows
        var layers: [LayerMaps] = []
        for (i, layer) in model.layers.enumerated() where i < outputs.count {
            let isOutput = i == model.layers.count - 1
            let nextIsActivation = !isOutput && model.layers[i + 1] is Activation
            let out = outputs[i]
            guard isOutput || !nextIsActivation, out.rank == 2, out.shape[0] == n else { continue }
            let units = Swift.min(out.shape[1], maxUnits)
            let width = out.shape[1]
            var lo = Float.infinity, hi = -Float.infinity
            var maps: [Map] = []
            for u in 0..<units {
                var values = [Float](repeating: 0, count: n)
                for p in 0..<n {
                    let v = out.storage[p * width + u]
                    values[p] = v
                    if v.isFinite { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
                }
                maps.append(Map(unit: u, values: values, state: state(values, kind: layer.spec.kind)))
            }
            layers.append(LayerMaps(index: i, label: layer.label, kind: layer.spec.kind, maps: maps,
                                    isOutput: isOutput, lo: lo, hi: hi))
        }
        grid = NeuronMaps(bounds: bounds, columns: columns, rows: rows, layers: layers)
        return grid
    }

    /// Dead: a ReLU that is 0 over the whole plane; saturated: a tanh or
    /// sigmoid in its flat tails everywhere (the thresholds of the model
    /// panel's figures), so its slope, and its gradient, is almost 0.
    static func state(_ values: [Float], kind: String) -> State {
        switch kind {
        case "relu": return values.allSatisfy { $0 <= 0 } ? .dead : .alive
        case "tanh": return values.allSatisfy { Swift.abs($0) > 0.97 } ? .saturated : .alive
        case "sigmoid": return values.allSatisfy { $0 < 0.03 || $0 > 0.97 } ? .saturated : .alive
        default: return .alive
        }
    }
}
