import DLTensor

/// avgpool(k): the mean of each k×k window, stride k, per channel of
/// [batch, channels, h, w] (PyTorch's AvgPool2d(k)).
public final class AvgPool: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    let size: Int

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        size = try SequenceInput.positive(spec, "size", example: "avgpool(2)")
    }

    public var label: String { "avgpool(\(size))" }
    /// One scaling per output (the sum is additions).
    public var multAdds: Int { Shape.count(outputShape) }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = try Pooling.outputShape(inputShape, size, label)
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor { try x.avgpool2d(size) }
}

extension AvgPool: LayerType {
    static let entries = [
        LayerEntry("avgpool(size)", "The mean of each size×size window, stride size, per channel of an image (PyTorch's AvgPool2d).",
                   example: "model m { input(1, 8, 8); conv2d(4); relu(); avgpool(2); flatten(); dense(10) }") { a in
            LayerSpec("avgpool", numbers: ["size": Double(try a.int(0, "size"))])
        },
    ]
}
