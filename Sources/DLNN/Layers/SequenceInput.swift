import TextFormat
import DLTensor

/// Checks shared by the layers that read samples of shape [time, features].
enum SequenceInput {
    /// The (time, features) of a per-sample shape, or an error that says what to write.
    static func check(_ shape: [Int], _ call: String) throws -> (time: Int, features: Int) {
        let kind = call.prefix { $0 != "(" }
        guard shape.count == 2 else {
            let help = shape.count == 1
                ? "token ids need a vector per id first: write embedding(vocab, dim) before \(call)"
                : "give each sample as [time, features], e.g. input(64, 16) for 64 steps of 16 features"
            throw ModelError("\(kind) needs inputs [time, features] per sample, got \(Shape.describe(shape))", help: help)
        }
        return (shape[0], shape[1])
    }

    /// The batch's (batch, time) at run time: a sequence may be shorter than the built length.
    static func runtime(_ x: Tensor, features: Int, _ kind: String) throws -> (batch: Int, time: Int) {
        guard x.rank == 3, x.shape[2] == features else {
            throw ModelError("\(kind) needs a batch [batch, time, \(features)], got \(Shape.describe(x.shape))")
        }
        guard x.shape[1] >= 1 else { throw ModelError("\(kind) needs at least one step, got \(Shape.describe(x.shape))") }
        return (x.shape[0], x.shape[1])
    }

    /// uniform(−1/√h, 1/√h), PyTorch's initialisation of recurrent layers.
    static func recurrentWeight(_ shape: [Int], hidden: Int, rng: inout RandomGenerator) -> Tensor {
        let bound = 1 / Float(hidden).squareRoot()
        let values = (0..<Shape.count(shape)).map { _ in (rng.uniform() * 2 - 1) * bound }
        return Tensor(shape: shape, storage: values, isParam: true)
    }

    /// A positive whole-number argument.
    static func positive(_ spec: LayerSpec, _ key: String, example: String) throws -> Int {
        guard let v = try spec.int(key), v > 0 else {
            throw ModelError("\(spec.kind) needs a positive \(key), got \(spec.numbers[key].map { NumberFormat.shortest($0) } ?? "none")",
                             help: "e.g. \(example)")
        }
        return v
    }

    /// Step t of [batch, time, features] as [batch, features].
    static func step(_ x: Tensor, _ t: Int) throws -> Tensor {
        try x.indexed([.range(start: nil, stop: nil, step: nil), .at(t)])
    }
}
