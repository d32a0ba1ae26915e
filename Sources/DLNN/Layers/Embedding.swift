import DLTensor

/// embedding(vocab, dim): each integer id becomes row id of weight [vocab, dim];
/// ids of shape S per sample give S + [dim]. Init normal(0, 1), as PyTorch.
public final class Embedding: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var weight = Tensor.zeros([0])
    let vocab: Int, dim: Int

    init(_ spec: LayerSpec) throws {
        self.spec = spec
        vocab = try SequenceInput.positive(spec, "vocab", example: "embedding(65, 32) for 65 symbols as vectors of 32")
        dim = try SequenceInput.positive(spec, "dim", example: "embedding(65, 32) for 65 symbols as vectors of 32")
    }

    public var namedParams: [(String, Tensor)] { [("weight", weight)] }
    public var label: String { "embedding(\(vocab), \(dim))" }
    public var readsIds: Bool { true }
    /// A lookup copies rows: no products.
    public var multAdds: Int { 0 }

    public func paramShapes(inputShape: [Int]) -> [[Int]] { [[vocab, dim]] }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        weight = Tensor(shape: [vocab, dim], storage: (0..<vocab * dim).map { _ in rng.normal() }, isParam: true)
        outputShape = inputShape + [dim]
        return outputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try weight.embedding(x)
    }
}

extension Embedding: LayerType {
    static let entries = [
        LayerEntry("embedding(vocab, dim)", "Turns each integer id (0..<vocab) into a learned vector: weight [vocab, dim], row id.",
                   example: "model m { input(64); embedding(65, 32); lstm(128); dense(65) }") { a in
            LayerSpec("embedding", numbers: ["vocab": Double(try a.int(0, "vocab")), "dim": Double(try a.int(1, "dim"))])
        },
    ]
}
