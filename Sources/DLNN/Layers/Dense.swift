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
    /// one [rows, in] matrix, so it is one `linear` op (a batched matmul
    /// would run one small product per leading index, and its backward would
    /// accumulate the weight's gradient that many times).
    static func lastAxis(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) throws -> Tensor {
        guard x.rank >= 2 else { return try x.matmul(weight) + bias }
        if x.rank == 2 { return try x.linear(weight: weight, bias: bias) }
        let lead = Array(x.shape.dropLast())
        let rows = try x.reshaped([Shape.count(lead), x.shape[x.rank - 1]])
        return try rows.linear(weight: weight, bias: bias).reshaped(lead + [weight.shape[1]])
    }
}

extension Dense: LayerType {
    static let entries = [
        LayerEntry("dense(units, init: \"glorot_uniform\", l1: 0, l2: 0)",
                   "A fully connected layer: y = x @ weight + bias, weight [in, units]. init: glorot_uniform (default), glorot_normal, he_uniform, he_normal.",
                   example: "model m { input(4); dense(8, init: \"he_normal\", l2: 1e-4) }") { a in
            var numbers = ["units": Double(try a.int(0, "units"))]
            for key in ["l1", "l2"] { numbers[key] = try a.number(key, default: 0) }
            return LayerSpec("dense", numbers: numbers, strings: try a.initializer())
        },
    ]
}
