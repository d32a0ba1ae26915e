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

extension MaxPool: LayerType {
    static let entries = [
        LayerEntry("maxpool(size)", "The largest value of each size×size window, stride size, per channel of an image (PyTorch's MaxPool2d).",
                   example: "model m { input(1, 8, 8); conv2d(4); relu(); maxpool(2); flatten(); dense(10) }") { a in
            LayerSpec("maxpool", numbers: ["size": Double(try a.int(0, "size"))])
        },
    ]
}
