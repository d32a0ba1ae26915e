import TextFormat
import DLTensor

/// Zeroes each input with probability p while training and scales the rest
/// by 1/(1−p) (inverted dropout, as PyTorch); the identity at evaluation.
public final class Dropout: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    let p: Float
    public var label: String { "dropout(\(NumberFormat.shortest(p)))" }
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

extension Dropout: LayerType {
    static let entries = [
        LayerEntry("dropout([p])", "While training, zeroes each value with probability p (default 0.5) and scales the rest by 1/(1−p).",
                   example: "model m { input(4); dense(8); dropout(0.2); dense(3) }") { a in
            LayerSpec("dropout", numbers: ["p": a.count > 0 ? try a.number(0, "p") : 0.5])
        },
    ]
}
