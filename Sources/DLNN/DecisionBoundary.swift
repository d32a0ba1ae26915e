import DLTensor

/// The decision boundary of a 2-D classifier: class-1 probability on a grid
/// (row-major, top row first) and the training points, all scaled to 0...1.
public struct BoundaryGrid: Sendable, Equatable {
    public var columns: Int, rows: Int
    public var values: [Float]
    public var points: [Point]

    public struct Point: Sendable, Equatable {
        public var x: Float, y: Float
        public var cls: Int
        public init(x: Float, y: Float, cls: Int) { self.x = x; self.y = y; self.cls = cls }
    }

    public init(columns: Int, rows: Int, values: [Float], points: [Point]) {
        self.columns = columns
        self.rows = rows
        self.values = values
        self.points = points
    }
}

/// Where a classifier on two input features puts its classes over the plane of its data.
public enum DecisionBoundary {
    /// The plane the boundary is drawn on, with a margin around the data.
    public struct Plane: Sendable, Equatable {
        public var minX: Float, maxX: Float, minY: Float, maxY: Float
    }

    /// Only for a classifier (2 or more classes) on 2 input features.
    public static func plane(model: Model, x: Tensor, classCount: Int?) -> Plane? {
        guard model.inputShape == [2], let k = classCount, k >= 2, x.count >= 2 else { return nil }
        let xs = stride(from: 0, to: x.count, by: 2).map { x.storage[$0] }
        let ys = stride(from: 1, to: x.count, by: 2).map { x.storage[$0] }
        let mx = (xs.max()! - xs.min()!) * 0.1 + 1e-3, my = (ys.max()! - ys.min()!) * 0.1 + 1e-3
        return Plane(minX: xs.min()! - mx, maxX: xs.max()! + mx, minY: ys.min()! - my, maxY: ys.max()! + my)
    }

    public static let columns = 48, rows = 32, maxPoints = 400

    /// One forward pass over the grid, without recording a graph or the
    /// model's activations; nil if the model cannot run on it.
    public static func grid(model: Model, x: Tensor, y: Tensor, plane b: Plane) -> BoundaryGrid? {
        let cols = columns, rows = rows
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
            let saved = model.recordsActivations
            model.recordsActivations = false
            defer { model.recordsActivations = saved }
            let logits = try model.forward(probe, &context, skippingFinalActivation: true)
            return logits.count == cols * rows ? logits.sigmoid() : try logits.softmax(axis: -1)
        }) else { return nil }
        let k = probabilities.count / (cols * rows)
        // Class 1's probability: the widget colours by which side of 0.5.
        let values: [Float] = (0..<(cols * rows)).map { i in probabilities.storage[i * k + Swift.min(1, k - 1)] }
        let n = x.count / 2
        let step = Swift.max(1, n / maxPoints)
        let points = stride(from: 0, to: n, by: step).map { i in
            BoundaryGrid.Point(x: (x.storage[2 * i] - b.minX) / (b.maxX - b.minX),
                               y: (x.storage[2 * i + 1] - b.minY) / (b.maxY - b.minY),
                               cls: Int(y.storage[i]))
        }
        return BoundaryGrid(columns: cols, rows: rows, values: values, points: points)
    }
}
