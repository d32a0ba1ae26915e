import DLTensor

/// maxpool(k): the largest value of each k×k window, stride k, per channel
/// of [batch, channels, h, w] (PyTorch's MaxPool2d(k)).
public final class MaxPool: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    let size: Int

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        size = try SequenceInput.positive(spec, "size", example: "maxpool(2)")
    }

    public var label: String { "maxpool(\(size))" }
    public var multAdds: Int { 0 }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = try Pooling.outputShape(inputShape, size, label)
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor { try x.maxpool2d(size) }
}
