import DLTensor

/// last(): [batch, time, h] → [batch, h], the final step (of however many the batch has).
public final class Last: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String { "last()" }
    public var multAdds: Int { 0 }
    init(_ spec: LayerSpec) { self.spec = spec }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        outputShape = [try SequenceInput.check(inputShape, label).features]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        let (_, time) = try SequenceInput.runtime(x, features: outputShape[0], "last")
        return try SequenceInput.step(x, time - 1)
    }
}

extension Last: LayerType {
    static let entries = [
        LayerEntry("last()", "Keeps the final step of a sequence: [batch, time, h] → [batch, h].",
                   example: "model m { input(32, 8); lstm(64); last(); dense(2) }"),
    ]
}
