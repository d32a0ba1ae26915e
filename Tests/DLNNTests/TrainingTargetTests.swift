import Testing
import DLTensor
#if canImport(Glibc)
import Glibc
#endif
import DLData
@testable import DLNN

/// Training reaches its targets from fixed seeds.
@Suite struct TrainingTargetTests {
    func train(_ specs: [LayerSpec], input: [Int], on data: Dataset, loss: Loss, optimizer: Optimizer,
               epochs: Int, batch: Int, seed: UInt64 = 0) throws -> Model {
        var rng = RandomGenerator(seed: seed)
        let model = try Model(name: "m", inputShape: input, specs: specs, rng: &rng)
        var options = FitOptions(loss: loss, optimizer: optimizer)
        options.epochs = epochs
        options.batchSize = batch
        options.seed = seed
        _ = try Trainer(model: model, options: options, listener: nil).fit(x: data.x, y: data.y)
        return model
    }

    func accuracy(_ model: Model, _ data: Dataset, _ loss: Loss) throws -> Double {
        try Evaluator(model: model, loss: loss).measure(x: data.x, y: data.y).metric
    }

    func dense(_ n: Int) -> LayerSpec { LayerSpec("dense", numbers: ["units": Double(n)]) }

    @Test func xorIsLearned() throws {
        let data = try Dataset.from(x: Tensor(shape: [4, 2], storage: [0, 0, 0, 1, 1, 0, 1, 1]),
                                    y: Tensor(shape: [4], storage: [0, 1, 1, 0]))
        let model = try train([dense(8), LayerSpec("tanh"), dense(1), LayerSpec("sigmoid")], input: [2], on: data,
                              loss: .bce, optimizer: Adam(lr: 0.05), epochs: 300, batch: 4)
        #expect(try accuracy(model, data, .bce) == 1)
    }

    @Test func irisReachesNinetyPercent() throws {
        let (train, test) = try BuiltinDatasets.table("iris").split(0.8, seed: 0)
        let (mean, std) = train.featureStatistics()
        let model = try train_(train.standardized(mean: mean, std: std))
        let acc = try accuracy(model, test.standardized(mean: mean, std: std), .crossentropy)
        #expect(acc >= 0.9, "iris test accuracy \(acc)")
    }

    private func train_(_ data: Dataset) throws -> Model {
        try train([dense(16), LayerSpec("relu"), dense(3)], input: [4], on: data, loss: .crossentropy,
                  optimizer: Adam(lr: 0.01), epochs: 50, batch: 16)
    }

    /// The issue's benchmark model: 64-128-10, Adam 1e-3, batch 32, 30 epochs.
    @Test func digitsMLPReachesNinetyFivePercent() throws {
        let (train, test) = try BuiltinDatasets.table("digits").split(0.8, seed: 0)
        let scale: (Dataset) -> Dataset = { $0.standardized(mean: [Float](repeating: 0, count: 64), std: [Float](repeating: 16, count: 64)) }
        let model = try self.train([dense(128), LayerSpec("relu"), dense(10)], input: [64], on: scale(train),
                                   loss: .crossentropy, optimizer: Adam(lr: 1e-3), epochs: 30, batch: 32)
        let acc = try accuracy(model, scale(test), .crossentropy)
        #expect(acc >= 0.95, "digits test accuracy \(acc)")
    }

    @Test func sineRegressionReachesSmallError() throws {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor(shape: [256, 1], storage: (0..<256).map { _ in rng.uniform() * 6 - 3 })
        let y = Tensor(shape: [256, 1], storage: x.storage.map { sinf($0) })
        let data = try Dataset.from(x: x, y: y)
        let model = try train([dense(32), LayerSpec("tanh"), dense(32), LayerSpec("tanh"), dense(1)], input: [1], on: data,
                              loss: .mse, optimizer: Adam(lr: 0.01), epochs: 200, batch: 32)
        let mse = try Evaluator(model: model, loss: .mse).measure(x: x, y: y).loss
        #expect(mse <= 0.01, "sine MSE \(mse)")
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let data = try Generators.make("moons", n: 200, noise: 0.3, seed: 1)
        let (train, validation) = try data.split(0.5, seed: 2)
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [2], specs: [dense(64), LayerSpec("relu"), dense(64), LayerSpec("relu"), dense(2)], rng: &rng)
        var options = FitOptions(loss: .crossentropy, optimizer: Adam(lr: 0.05))
        options.epochs = 300
        options.validation = (validation.x, validation.y)
        options.earlyStopPatience = 5
        let h = try Trainer(model: model, options: options, listener: nil).fit(x: train.x, y: train.y)
        guard case .earlyStopped(let stoppedAt, let bestEpoch, let bestLoss)? = h.stop else {
            Issue.record("expected an early stop, got \(String(describing: h.stop))"); return
        }
        #expect(stoppedAt == bestEpoch + 5 && stoppedAt < 300)
        let now = try Evaluator(model: model, loss: .crossentropy).measure(x: validation.x, y: validation.y).loss
        #expect(abs(now - bestLoss) < 1e-6, "restored weights give the best validation loss")
    }

    @Test func aDivergingRunStopsBeforeItsWeightsBecomeNaN() throws {
        let data = try Generators.make("moons", n: 64, noise: 0.1, seed: 1)
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [2], specs: [dense(16), LayerSpec("relu"), dense(1)], rng: &rng)
        var options = FitOptions(loss: .mse, optimizer: SGD(lr: 50))
        options.epochs = 50
        let y = Tensor(shape: [64, 1], storage: data.y.storage.map { $0 * 1000 })
        let h = try Trainer(model: model, options: options, listener: nil).fit(x: data.x, y: y)
        guard case .diverged? = h.stop else { Issue.record("expected divergence, got \(String(describing: h.stop))"); return }
        #expect(model.params.allSatisfy { $0.storage.allSatisfy(\.isFinite) })
    }

    @Test func interruptionKeepsTheLastFinishedStep() throws {
        let data = try Generators.make("xor", n: 64, noise: 0.1, seed: 1)
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [2], specs: [dense(4), dense(2)], rng: &rng)
        var options = FitOptions(loss: .crossentropy, optimizer: Adam(lr: 0.01))
        options.epochs = 5
        options.batchSize = 8
        var trainer = Trainer(model: model, options: options, listener: nil)
        var checks = 0
        trainer.shouldStop = { checks += 1; return checks > 11 }
        let h = try trainer.fit(x: data.x, y: data.y)
        guard case .interrupted(let epoch, let step)? = h.stop else { Issue.record("expected an interruption"); return }
        #expect(epoch == 2 && step == 3)
        #expect(h.loss.count == 1)
    }

    @Test func sameSeedSameNumbers() throws {
        let data = try Generators.make("spirals", n: 100, noise: 0.1, seed: 3)
        let a = try train([dense(8), LayerSpec("tanh"), dense(2)], input: [2], on: data, loss: .crossentropy,
                          optimizer: Adam(lr: 0.01), epochs: 3, batch: 10, seed: 9)
        let b = try train([dense(8), LayerSpec("tanh"), dense(2)], input: [2], on: data, loss: .crossentropy,
                          optimizer: Adam(lr: 0.01), epochs: 3, batch: 10, seed: 9)
        #expect(a.params.map(\.storage) == b.params.map(\.storage))
    }
}
