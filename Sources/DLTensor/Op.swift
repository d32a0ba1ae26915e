/// What a recorded node did, and its derivative written for a learner.
/// Every differentiable op of the engine is listed in `Op.all`; a test fails
/// when an op is recorded that is not listed, or listed without a gradient check.
/// Each op is declared in its own file beside its forward and its
/// derivative (Ops/Unary.swift holds `exp`'s), with `numbers`: the formula
/// with the values of element 0 (or row 0) in it, for the backprop stepper.
public struct Op: Sendable, Hashable {
    public let name: String
    public let formula: String
    public let numbers: @Sendable (BackwardStep) -> [String]

    init(name: String, formula: String, numbers: @escaping @Sendable (BackwardStep) -> [String] = { _ in [] }) {
        self.name = name
        self.formula = formula
        self.numbers = numbers
    }

    public static func == (a: Op, b: Op) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    public static let all: [Op] = [
        add, sub, mul, div, pow, neg, exp, log, sqrt, abs, sin, cos, relu, sigmoid, tanh, gelu,
        sum, mean, max, min, matmul, linear, reshape, transpose, index, concat, softmax, logSoftmax,
        leakyRelu, crossEntropy, binaryCrossEntropy, conv2d, maxpool2d, avgpool2d, embedding, rnn, lstm, gru, layerNorm, attention,
    ]
}
