import Testing
import DLTensor
import DLData
@testable import DLNN

/// Sequence models learn with fit from fixed seeds: the next id of the
/// repeating pattern 0 1 2 3 4 0 1 ..., which the current id alone decides.
@Suite struct SequenceTrainingTests {
    func pattern() throws -> Dataset {
        var x: [Float] = [], y: [Float] = []
        for i in 0..<64 { for j in 0..<10 { x.append(Float((i + j) % 5)); y.append(Float((i + j + 1) % 5)) } }
        return try Dataset.from(x: Tensor(shape: [64, 10], storage: x), y: Tensor(shape: [64, 10], storage: y))
    }

    @Test(arguments: [
        [LayerSpec("lstm", numbers: ["hidden": 16])],
        [LayerSpec("gru", numbers: ["hidden": 16])],
        [LayerSpec("sinusoidal"), LayerSpec("rnn", numbers: ["hidden": 16])],
        [LayerSpec("positional", numbers: ["length": 10]), LayerSpec("attention", numbers: ["heads": 2, "causal": 1])],
    ])
    func nextIdIsLearned(_ middle: [LayerSpec]) throws {
        var rng = RandomGenerator(seed: 0)
        let specs = [LayerSpec("embedding", numbers: ["vocab": 5, "dim": 8])] + middle + [LayerSpec("dense", numbers: ["units": 5])]
        let model = try Model(name: "m", inputShape: [10], specs: specs, rng: &rng)
        var options = FitOptions(loss: .crossentropy, optimizer: Adam(lr: 0.01))
        options.epochs = 30
        options.batchSize = 16
        options.seed = 0
        let data = try pattern()
        _ = try Trainer(model: model, options: options, listener: nil).fit(x: data.x, y: data.y)
        let accuracy = try Evaluator(model: model, loss: .crossentropy).measure(x: data.x, y: data.y).metric
        #expect(accuracy == 1, "\(middle.map(\.kind)): accuracy \(accuracy)")
    }
}
