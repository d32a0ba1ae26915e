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
        try x.matmul(weight) + bias
    }
}

/// [batch, a, b, ...] → [batch, a·b·...].
public final class Flatten: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    init(_ spec: LayerSpec) { self.spec = spec }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = [Shape.count(inputShape)]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try x.reshaped([x.shape[0], -1])
    }
}
