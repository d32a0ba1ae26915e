import DLTensor

/// positional(T): a learned vector per position, weight [T, d], added to
/// x[:, :t] for sequences of any t ≤ T. Init normal(0, 0.02), as GPT-2.
public final class Positional: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var weight = Tensor.zeros([0])
    let length: Int

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        length = try SequenceInput.positive(spec, "length", example: "positional(64) for sequences of up to 64 steps")
    }

    public var namedParams: [(String, Tensor)] { [("weight", weight)] }
    public var label: String { "positional(\(length))" }
    public var multAdds: Int { 0 }

    public func paramShapes(inputShape: [Int]) -> [[Int]] { [[length, inputShape.last ?? 0]] }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        let (time, d) = try SequenceInput.check(inputShape, label)
        guard time <= length else {
            throw ModelError("positional(\(length)) has positions for \(length) steps, but the input has \(time)",
                             help: "write positional(\(time)) or more")
        }
        weight = Tensor(shape: [length, d], storage: (0..<length * d).map { _ in rng.normal() * 0.02 }, isParam: true)
        outputShape = inputShape
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        let (_, time) = try SequenceInput.runtime(x, features: weight.shape[1], "positional")
        guard time <= length else {
            throw ModelError("positional(\(length)) has positions for \(length) steps, but the batch has \(time)")
        }
        return try x + (time == length ? weight : weight.indexed([.range(start: 0, stop: time, step: 1)]))
    }
}

extension Positional: LayerType {
    static let entries = [
        LayerEntry("positional(length)", "Adds a learned vector per position (weight [length, d]) to sequences of up to length steps.",
                   example: "model m { input(64); embedding(65, 32); positional(64); attention(heads: 4); dense(65) }") { a in
            LayerSpec("positional", numbers: ["length": Double(try a.int(0, "length"))])
        },
    ]
}
