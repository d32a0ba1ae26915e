import DLTensor

/// conv2d(filters, kernel: 3, stride: 1, padding: 0): weight [out, in, kh, kw],
/// bias [out], on inputs [batch, channels, h, w] (PyTorch's Conv2d layout).
public final class Conv2D: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var weight = Tensor.zeros([0])
    public private(set) var bias = Tensor.zeros([0])
    let filters: Int, kernel: Int, stride: Int, padding: Int
    let initializer: Initializer

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        filters = try spec.int("filters") ?? 0
        kernel = try spec.int("kernel") ?? 3
        stride = try spec.int("stride") ?? 1
        padding = try spec.int("padding") ?? 0
        guard filters > 0, kernel > 0, stride > 0, padding >= 0 else {
            throw ModelError("conv2d needs filters > 0, kernel > 0, stride > 0 and padding ≥ 0, e.g. conv2d(8, kernel: 3)")
        }
        initializer = try spec.strings["init"].map(Initializer.named) ?? .default
    }

    public var namedParams: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
    public var label: String {
        var extras = ["kernel: \(kernel)"]
        if stride != 1 { extras.append("stride: \(stride)") }
        if padding != 0 { extras.append("padding: \(padding)") }
        return "conv2d(\(filters), " + extras.joined(separator: ", ") + ")"
    }
    /// One product per weight at every output position.
    public var multAdds: Int { weight.count * Shape.count(Array(outputShape.dropFirst())) }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        [[filters, inputShape.first ?? 0, kernel, kernel], [filters]]
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        guard inputShape.count == 3 else {
            throw ModelError("conv2d needs image inputs (channels, h, w), got \(Shape.describe(inputShape))",
                             help: "e.g. input(1, 8, 8)")
        }
        let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
        let oh = (h + 2 * padding - kernel) / stride + 1, ow = (w + 2 * padding - kernel) / stride + 1
        guard oh > 0, ow > 0 else {
            throw ModelError("conv2d: a \(kernel)×\(kernel) kernel does not fit a \(h)×\(w) input with padding \(padding)")
        }
        let area = kernel * kernel
        weight = initializer.weight([filters, c, kernel, kernel], fanIn: c * area, fanOut: filters * area, rng: &rng)
        bias = Tensor(shape: [filters], storage: [Float](repeating: 0, count: filters), isParam: true)
        outputShape = [filters, oh, ow]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding)
    }
}

extension Conv2D: LayerType {
    static let entries = [
        LayerEntry("conv2d(filters, kernel: 3, stride: 1, padding: 0, init: \"glorot_uniform\")",
                   "A 2-D convolution (cross-correlation, as PyTorch's Conv2d): weight [filters, in, kernel, kernel], bias [filters].",
                   example: "model m { input(1, 8, 8); conv2d(4, kernel: 3); relu(); flatten(); dense(10) }") { a in
            var numbers = ["filters": Double(try a.int(0, "filters"))]
            for (key, d) in [("kernel", 3), ("stride", 1), ("padding", 0)] { numbers[key] = Double(try a.int(key, default: d)) }
            return LayerSpec("conv2d", numbers: numbers, strings: try a.initializer())
        },
    ]
}
