import DLTensor

/// y = x @ weight + bias, weight [in, out] (the contract's layout).
public final class Dense: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var weight = Tensor.zeros([0])
    public private(set) var bias = Tensor.zeros([0])
    let units: Int
    let initializer: Initializer
    public let penalty: (l1: Float, l2: Float)

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        guard let u = try spec.int("units"), u > 0 else { throw ModelError("dense needs a positive number of units, e.g. dense(16)") }
        units = u
        initializer = try spec.strings["init"].map(Initializer.named) ?? .default
        penalty = (spec.float("l1", default: 0), spec.float("l2", default: 0))
    }

    public var namedParams: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
    public var label: String { "dense(\(units))" }
    /// One product per weight at every position the layer is applied at.
    public var multAdds: Int { weight.count * Shape.count(Array(outputShape.dropLast())) }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        [[inputShape.last ?? 0, units], [units]]
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        guard let features = inputShape.last, !inputShape.isEmpty else {
            throw ModelError("dense needs inputs with a feature axis, got \(Shape.describe(inputShape))")
        }
        weight = initializer.weight([features, units], fanIn: features, fanOut: units, rng: &rng)
        bias = Tensor(shape: [units], storage: [Float](repeating: 0, count: units), isParam: true)
        outputShape = Array(inputShape.dropLast()) + [units]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try Dense.lastAxis(x, weight, bias)
    }

    /// x @ weight + bias on the last axis of any rank. [.., in] is viewed as
    /// one [rows, in] matrix, so it is one matrix product (a batched matmul
    /// would run one small product per leading index, and its backward would
    /// accumulate the weight's gradient that many times).
    static func lastAxis(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) throws -> Tensor {
        guard x.rank > 2 else { return try x.matmul(weight) + bias }
        let lead = Array(x.shape.dropLast())
        let rows = try x.reshaped([Shape.count(lead), x.shape[x.rank - 1]])
        return try (rows.matmul(weight) + bias).reshaped(lead + [weight.shape[1]])
    }
}

/// [batch, a, b, ...] → [batch, a·b·...].
public final class Flatten: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String { "flatten()" }
    public var multAdds: Int { 0 }
    init(_ spec: LayerSpec) { self.spec = spec }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = [Shape.count(inputShape)]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try x.reshaped([x.shape[0], -1])
    }
}
