import DLTensor

/// maxpool(k) and avgpool(k): the largest value, or the mean, of each k×k
/// window, stride k, per channel of [batch, channels, h, w] (PyTorch's
/// MaxPool2d(k) and AvgPool2d(k)). One class for both, as the activations
/// share one: they differ only in the op they apply.
public final class Pooling: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    let size: Int
    private var isMax: Bool { spec.kind == "maxpool" }

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        size = try SequenceInput.positive(spec, "size", example: "\(spec.kind)(2)")
    }

    public var label: String { "\(spec.kind)(\(size))" }
    /// avgpool scales each output once (the sum is additions); maxpool only compares.
    public var multAdds: Int { isMax ? 0 : Shape.count(outputShape) }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        guard inputShape.count == 3 else {
            throw ModelError("\(spec.kind) needs image inputs (channels, h, w), got \(Shape.describe(inputShape))",
                             help: "e.g. input(1, 28, 28), or after a conv2d")
        }
        guard size <= inputShape[1], size <= inputShape[2] else {
            throw ModelError("\(label): a \(size)×\(size) window does not fit a \(inputShape[1])×\(inputShape[2]) image")
        }
        outputShape = [inputShape[0], inputShape[1] / size, inputShape[2] / size]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        isMax ? try x.maxpool2d(size) : try x.avgpool2d(size)
    }
}

extension Pooling: LayerType {
    static let entries = [
        LayerEntry("maxpool(size)", "The largest value of each size×size window, stride size, per channel of an image (PyTorch's MaxPool2d).",
                   example: "model m { input(1, 8, 8); conv2d(4); relu(); maxpool(2); flatten(); dense(10) }") { a in
            LayerSpec("maxpool", numbers: ["size": Double(try a.int(0, "size"))])
        },
        LayerEntry("avgpool(size)", "The mean of each size×size window, stride size, per channel of an image (PyTorch's AvgPool2d).",
                   example: "model m { input(1, 8, 8); conv2d(4); relu(); avgpool(2); flatten(); dense(10) }") { a in
            LayerSpec("avgpool", numbers: ["size": Double(try a.int(0, "size"))])
        },
    ]
}
