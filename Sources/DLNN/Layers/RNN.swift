import DLTensor

/// rnn(hidden): h' = tanh(x@w_ih + h@w_hh + bias) at every step, from h = 0.
/// [batch, time, in] → every step's h, [batch, time, hidden].
public final class RNN: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var wIH = Tensor.zeros([0]), wHH = Tensor.zeros([0]), bias = Tensor.zeros([0])
    let hidden: Int
    var features = 0

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        hidden = try SequenceInput.positive(spec, "hidden", example: "rnn(64)")
    }

    public var namedParams: [(String, Tensor)] { [("w_ih", wIH), ("w_hh", wHH), ("bias", bias)] }
    public var label: String { "rnn(\(hidden))" }
    public var multAdds: Int { (outputShape.first ?? 0) * (features + hidden) * hidden }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        [[inputShape.last ?? 0, hidden], [hidden, hidden], [hidden]]
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        let (time, f) = try SequenceInput.check(inputShape, label)
        features = f
        wIH = SequenceInput.recurrentWeight([f, hidden], hidden: hidden, rng: &rng)
        wHH = SequenceInput.recurrentWeight([hidden, hidden], hidden: hidden, rng: &rng)
        // PyTorch has two biases that are only ever added; their sum is one bias.
        bias = SequenceInput.recurrentWeight([hidden], hidden: hidden, rng: &rng)
        outputShape = [time, hidden]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        _ = try SequenceInput.runtime(x, features: features, "rnn")
        return try x.rnn(wIH: wIH, wHH: wHH, bias: bias)
    }
}

extension RNN: LayerType {
    static let entries = [
        LayerEntry("rnn(hidden)", "A simple recurrent layer on [batch, time, features]: h = tanh(x@w_ih + h@w_hh + bias) at every step, from h = 0; returns every step's h.",
                   example: "model m { input(32, 8); rnn(64); last(); dense(2) }") { a in
            LayerSpec("rnn", numbers: ["hidden": Double(try a.int(0, "hidden"))])
        },
    ]
}
