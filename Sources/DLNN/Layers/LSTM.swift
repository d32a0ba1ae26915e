import DLTensor

/// lstm(hidden), as PyTorch's LSTM: gates i, f, g, o stacked in that order
/// along the 4h axis of w_ih [in, 4h], w_hh [h, 4h] and bias [4h];
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c'), from h = c = 0. Returns every h'.
public final class LSTM: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var wIH = Tensor.zeros([0]), wHH = Tensor.zeros([0]), bias = Tensor.zeros([0])
    let hidden: Int
    var features = 0

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        hidden = try SequenceInput.positive(spec, "hidden", example: "lstm(128)")
    }

    public var namedParams: [(String, Tensor)] { [("w_ih", wIH), ("w_hh", wHH), ("bias", bias)] }
    public var label: String { "lstm(\(hidden))" }
    /// The two products per step, plus the three gate products f⊙c, i⊙g, o⊙tanh(c).
    public var multAdds: Int { (outputShape.first ?? 0) * ((features + hidden) * 4 * hidden + 3 * hidden) }

    public func paramShapes(inputShape: [Int]) -> [[Int]] {
        [[inputShape.last ?? 0, 4 * hidden], [hidden, 4 * hidden], [4 * hidden]]
    }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        let (time, f) = try SequenceInput.check(inputShape, label)
        features = f
        wIH = SequenceInput.recurrentWeight([f, 4 * hidden], hidden: hidden, rng: &rng)
        wHH = SequenceInput.recurrentWeight([hidden, 4 * hidden], hidden: hidden, rng: &rng)
        bias = SequenceInput.recurrentWeight([4 * hidden], hidden: hidden, rng: &rng)
        outputShape = [time, hidden]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        _ = try SequenceInput.runtime(x, features: features, "lstm")
        return try x.lstm(wIH: wIH, wHH: wHH, bias: bias)
    }
}

extension LSTM: LayerType {
    static let entries = [
        LayerEntry("lstm(hidden)", "A long short-term memory layer on [batch, time, features] (gates i, f, g, o as PyTorch); returns every step's h.",
                   example: "model m { input(64); embedding(65, 32); lstm(128); dense(65) }") { a in
            LayerSpec("lstm", numbers: ["hidden": Double(try a.int(0, "hidden"))])
        },
    ]
}
