import DLTensor
#if canImport(Glibc)
import Glibc
#endif

/// sinusoidal(): adds the fixed positions of "Attention is all you need":
/// PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)). No params.
public final class Sinusoidal: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String { "sinusoidal()" }
    public var multAdds: Int { 0 }
    /// The table for the last length seen: every batch of a training run has the same one.
    private var cached = Tensor.zeros([0, 0])

    init(_ spec: LayerSpec) { self.spec = spec }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        _ = try SequenceInput.check(inputShape, label)
        outputShape = inputShape
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        let (_, time) = try SequenceInput.runtime(x, features: outputShape[1], "sinusoidal")
        return try x + table(time, outputShape[1])
    }

    public static func values(_ time: Int, _ d: Int) -> [Float] {
        var pe = [Float](repeating: 0, count: time * d)
        for p in 0..<time {
            for j in 0..<d {
                let angle = Double(p) / pow(10000, Double(j - j % 2) / Double(d))
                pe[p * d + j] = Float(j % 2 == 0 ? sin(angle) : cos(angle))
            }
        }
        return pe
    }

    private func table(_ time: Int, _ d: Int) -> Tensor {
        if cached.shape != [time, d] { cached = Tensor(shape: [time, d], storage: Sinusoidal.values(time, d)) }
        return cached
    }
}

extension Sinusoidal: LayerType {
    static let entries = [
        LayerEntry("sinusoidal()", "Adds fixed sine/cosine positions (\"Attention is all you need\"); no params.",
                   example: "model m { input(64); embedding(65, 32); sinusoidal(); attention(heads: 4); dense(65) }"),
    ]
}
