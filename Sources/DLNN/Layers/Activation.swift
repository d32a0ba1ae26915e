import TextFormat
import DLTensor

/// relu, tanh, sigmoid, softmax, gelu, leaky_relu: no params, shape unchanged.
public final class Activation: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    static let kinds = ["relu", "tanh", "sigmoid", "softmax", "gelu", "leaky_relu"]
    public var label: String {
        spec.kind == "leaky_relu" ? "leaky_relu(\(Tensor.shortest(spec.float("slope", default: 0.01))))" : spec.kind + "()"
    }
    /// Elementwise functions: no products worth counting beside the layers around them.
    public var multAdds: Int { 0 }

    init(_ spec: LayerSpec) { self.spec = spec }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    /// Dead units (zero for every sample of the batch) after relu; saturated
    /// values after tanh and sigmoid, where the slope is almost 0.
    public func activity(_ a: Tensor) -> String? {
        let n = a.shape.first ?? 0
        guard n > 0, a.count > 0 else { return nil }
        switch spec.kind {
        case "relu":
            let units = a.count / n
            var dead = 0
            for u in 0..<units where (0..<n).allSatisfy({ a.storage[$0 * units + u] <= 0 }) { dead += 1 }
            return "\(NumberFormat.percent(Double(dead) / Double(units))) dead"
        case "tanh":
            return "\(NumberFormat.percent(Double(a.storage.filter { Swift.abs($0) > 0.97 }.count) / Double(a.count))) sat"
        case "sigmoid":
            return "\(NumberFormat.percent(Double(a.storage.filter { $0 < 0.03 || $0 > 0.97 }.count) / Double(a.count))) sat"
        default:
            return nil
        }
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        switch spec.kind {
        case "relu": return x.relu()
        case "tanh": return x.tanh()
        case "sigmoid": return x.sigmoid()
        case "softmax": return try x.softmax(axis: -1)
        case "gelu": return x.gelu()
        default: return x.leakyRelu(slope: spec.float("slope", default: 0.01))
        }
    }
}

/// Zeroes each input with probability p while training and scales the rest
/// by 1/(1−p) (inverted dropout, as PyTorch); the identity at evaluation.
public final class Dropout: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    let p: Float
    public var label: String { "dropout(\(Tensor.shortest(p)))" }
    public var multAdds: Int { 0 }

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        p = spec.float("p", default: 0.5)
        guard (0..<1).contains(p) else { throw ModelError("dropout probability must be in [0, 1), got \(p)") }
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        guard context.training, p > 0 else { return x }
        let keep = 1 / (1 - p)
        let mask = Tensor(shape: x.shape, storage: (0..<x.count).map { _ in context.rng.uniform() < p ? 0 : keep })
        return try x * mask
    }
}
