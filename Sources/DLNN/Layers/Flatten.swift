import DLTensor

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

extension Flatten: LayerType {
    static let entries = [
        LayerEntry("flatten()", "Flattens each sample to one axis: [batch, c, h, w] → [batch, c·h·w].",
                   example: "model m { input(1, 8, 8); flatten(); dense(10) }"),
    ]
}
