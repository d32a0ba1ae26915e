import DLTensor

/// attention(heads: H, causal: c) on [batch, time, d]: q, k, v = x@wq + bq, ...;
/// each head h attends with its slice of d/H features,
/// softmax(q_h k_hᵀ / √(d/H) + mask) v_h; output concat(heads) @ wo + bo.
/// Composed from recorded ops only, so the backprop view can walk it.
public final class Attention: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var wq = Tensor.zeros([0]), wk = Tensor.zeros([0]), wv = Tensor.zeros([0]), wo = Tensor.zeros([0])
    public private(set) var bq = Tensor.zeros([0]), bk = Tensor.zeros([0]), bv = Tensor.zeros([0]), bo = Tensor.zeros([0])
    /// The last forward's attention weights [batch, heads, t, t], detached, for a picture.
    public private(set) var lastWeights: Tensor?
    public var readouts: [(String, Tensor?)] { [("last_weights", lastWeights)] }
    let heads: Int
    let causal: Bool

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        heads = try SequenceInput.positive(spec, "heads", example: "attention(heads: 4, causal: true)")
        causal = (spec.numbers["causal"] ?? 1) != 0
    }

    public var namedParams: [(String, Tensor)] {
        [("wq", wq), ("wk", wk), ("wv", wv), ("wo", wo), ("bq", bq), ("bk", bk), ("bv", bv), ("bo", bo)]
    }
    public var label: String { "attention(\(heads) head\(heads == 1 ? "" : "s")\(causal ? ", causal" : ""))" }
    /// Four projections per step, plus q·k and weights·v over every pair of
    /// steps (the causal mask hides half, but the full products are computed).
    public var multAdds: Int {
        guard let d = outputShape.last else { return 0 }
        let t = outputShape.count == 2 ? outputShape[0] : 1
        return 4 * t * d * d + 2 * t * t * d
    }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        let d = inputShape.last ?? 0
        return Array(repeating: [d, d], count: 4) + Array(repeating: [d], count: 4)
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        // A block declared on features alone (`model block { input(64); residual { ...
        // attention(...) } }`) is a template for the copies placed after an
        // embedding; on its own, each sample is one step.
        let d = inputShape.count == 1 ? inputShape[0] : try SequenceInput.check(inputShape, label).features
        guard d % heads == 0 else {
            let fits = (1...Swift.min(d, 16)).filter { d % $0 == 0 }.map(String.init).joined(separator: ", ")
            throw ModelError("attention: \(d) features do not split into \(heads) equal heads",
                             help: "use a number of heads that divides \(d) (\(fits)), or change the feature size")
        }
        for w in [\Attention.wq, \.wk, \.wv, \.wo] {
            self[keyPath: w] = Initializer.glorotUniform.weight([d, d], fanIn: d, fanOut: d, rng: &rng)
        }
        for b in [\Attention.bq, \.bk, \.bv, \.bo] {
            self[keyPath: b] = Tensor(shape: [d], storage: [Float](repeating: 0, count: d), isParam: true)
        }
        outputShape = inputShape
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        let d = outputShape.last ?? 0
        if outputShape.count == 1, x.rank == 2 {
            return try forward(try x.reshaped([x.shape[0], 1, x.shape[1]]), &context).reshaped(x.shape)
        }
        _ = try SequenceInput.runtime(x, features: d, "attention")
        let (mixed, weights) = try Tensor.attention(Dense.lastAxis(x, wq, bq), Dense.lastAxis(x, wk, bk), Dense.lastAxis(x, wv, bv),
                                                    heads: heads, causal: causal)
        lastWeights = weights
        return try Dense.lastAxis(mixed, wo, bo)
    }
}

extension Attention: LayerType {
    static let entries = [
        LayerEntry("attention(heads: 4, causal: true)", "Multi-head self-attention on [batch, time, d]: wq wk wv wo [d, d], bq bk bv bo [d]; causal hides later steps.",
                   example: "model m { input(64); embedding(65, 64); positional(64); attention(heads: 4, causal: true); dense(65) }") { a in
            LayerSpec("attention", numbers: ["heads": Double(try a.int("heads", default: 4)),
                                             "causal": try a.bool("causal", default: true) ? 1 : 0])
        },
    ]
}
