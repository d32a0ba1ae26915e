import TextFormat
import DLTensor

/// relu, tanh, sigmoid, softmax, gelu, leaky_relu: no params, shape unchanged.
public final class Activation: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String {
        spec.kind == "leaky_relu" ? "leaky_relu(\(NumberFormat.shortest(spec.float("slope", default: 0.01))))" : spec.kind + "()"
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

/// One class, one entry per function: `forward` and `activity` switch on the kind.
extension Activation: LayerType {
    static let entries = [
        LayerEntry("relu()", "max(x, 0) as a layer.", example: "model m { input(2); dense(8); relu(); dense(1) }"),
        LayerEntry("tanh()", "tanh as a layer.", example: "model m { input(2); dense(8); tanh(); dense(1) }"),
        LayerEntry("sigmoid()", "The logistic function as a layer; with loss \"bce\" the loss uses the values before it (stable).",
                   example: "model m { input(2); dense(1); sigmoid() }"),
        LayerEntry("softmax()", "Softmax over the last axis as a layer; with loss \"crossentropy\" the loss uses the values before it.",
                   example: "model m { input(4); dense(3); softmax() }"),
        LayerEntry("gelu()", "GELU as a layer.", example: "model m { input(2); dense(8); gelu(); dense(1) }"),
        LayerEntry("leaky_relu([slope])", "x for x > 0, slope·x otherwise (default slope 0.01).",
                   example: "model m { input(2); dense(8); leaky_relu(0.1); dense(1) }") { a in
            LayerSpec("leaky_relu", numbers: ["slope": a.count > 0 ? try a.number(0, "slope") : 0.01])
        },
    ]
}
