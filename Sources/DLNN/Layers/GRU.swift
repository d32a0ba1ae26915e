import DLTensor

/// gru(hidden), as PyTorch's GRU: gates r, z, n stacked in that order along
/// the 3h axis of w_ih [in, 3h], w_hh [h, 3h], b_ih [3h], b_hh [3h];
///   r = σ(x W_ir + b_ir + h W_hr + b_hr),  z = σ(x W_iz + b_iz + h W_hz + b_hz),
///   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h,
/// from h = 0. The two biases stay apart because r multiplies b_hn only.
public final class GRU: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var wIH = Tensor.zeros([0]), wHH = Tensor.zeros([0])
    public private(set) var bIH = Tensor.zeros([0]), bHH = Tensor.zeros([0])
    let hidden: Int
    var features = 0

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        hidden = try SequenceInput.positive(spec, "hidden", example: "gru(128)")
    }

    public var namedParams: [(String, Tensor)] { [("w_ih", wIH), ("w_hh", wHH), ("b_ih", bIH), ("b_hh", bHH)] }
    public var label: String { "gru(\(hidden))" }
    /// The two products per step, plus r⊙(h W_hn + b_hn) and z⊙(h − n).
    public var multAdds: Int { (outputShape.first ?? 0) * ((features + hidden) * 3 * hidden + 2 * hidden) }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        [[inputShape.last ?? 0, 3 * hidden], [hidden, 3 * hidden], [3 * hidden], [3 * hidden]]
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        let (time, f) = try SequenceInput.check(inputShape, label)
        features = f
        wIH = SequenceInput.recurrentWeight([f, 3 * hidden], hidden: hidden, rng: &rng)
        wHH = SequenceInput.recurrentWeight([hidden, 3 * hidden], hidden: hidden, rng: &rng)
        bIH = SequenceInput.recurrentWeight([3 * hidden], hidden: hidden, rng: &rng)
        bHH = SequenceInput.recurrentWeight([3 * hidden], hidden: hidden, rng: &rng)
        outputShape = [time, hidden]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        _ = try SequenceInput.runtime(x, features: features, "gru")
        return try x.gru(wIH: wIH, wHH: wHH, bIH: bIH, bHH: bHH)
    }
}

extension GRU: LayerType {
    static let entries = [
        LayerEntry("gru(hidden)", "A gated recurrent unit layer on [batch, time, features] (gates r, z, n as PyTorch); returns every step's h.",
                   example: "model m { input(64); embedding(65, 32); gru(128); dense(65) }") { a in
            LayerSpec("gru", numbers: ["hidden": Double(try a.int(0, "hidden"))])
        },
    ]
}
