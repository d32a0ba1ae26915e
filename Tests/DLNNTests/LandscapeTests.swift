import Testing
import DLTensor
import DLData
@testable import DLNN

/// `landscape(net, data)`: the loss on a slice of weight space.
@Suite struct LandscapeTests {
    func dense(_ n: Int) -> LayerSpec { LayerSpec("dense", numbers: ["units": Double(n)]) }

    @Test func theCentreIsTheCurrentLossAndTheWeightsComeBack() throws {
        let data = try Generators.make("moons", n: 60, noise: 0.1, seed: 1)
        var rng = RandomGenerator(seed: 4)
        let m = try Model(name: "m", inputShape: [2], specs: [dense(5), LayerSpec("tanh"), dense(1), LayerSpec("sigmoid")], rng: &rng)
        let before = m.snapshot()
        let current = try Evaluator(model: m, loss: .bce).measure(x: data.x, y: data.y).loss
        let l = try Landscape.compute(m, loss: .bce, x: data.x, y: data.y, steps: 7, range: 1, seed: 11)
        #expect(l.center == current)
        #expect(m.snapshot() == before)
        // Away from the centre the loss changes: the directions move the weights.
        #expect(l.loss[0] != current && l.loss[6] != current)
        // The same seed gives the same slice; another seed another one.
        let again = try Landscape.compute(m, loss: .bce, x: data.x, y: data.y, steps: 7, range: 1, seed: 11)
        let other = try Landscape.compute(m, loss: .bce, x: data.x, y: data.y, steps: 7, range: 1, seed: 12)
        #expect(again.loss == l.loss)
        #expect(other.loss != l.loss)
        #expect(l.alphas == [-1, -2.0 / 3, -1.0 / 3, 0, 1.0 / 3, 2.0 / 3, 1] && l.betas == l.alphas.reversed())
    }

    /// A linear model under MSE at its exact fit: the loss is a quadratic
    /// form in (α, β), so L(α, β) = L(-α, -β), and 0 at the centre.
    @Test func aQuadraticIsSymmetric() throws {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor(shape: [16, 2], storage: (0..<32).map { _ in rng.normal() })
        let w: [Float] = [0.75, -1.25], b: Float = 0.5
        let y = Tensor(shape: [16, 1], storage: (0..<16).map { i in x.storage[2 * i] * w[0] + x.storage[2 * i + 1] * w[1] + b })
        let m = try Model(name: "lin", inputShape: [2], specs: [dense(1)], rng: &rng)
        m.layers[0].namedParams[0].1.storage = w
        m.layers[0].namedParams[1].1.storage = [b]
        let l = try Landscape.compute(m, loss: .mse, x: x, y: y, steps: 9, range: 2, seed: 3)
        #expect(l.center < 1e-10)
        let n = l.steps
        for i in 0..<n {
            for j in 0..<n {
                let a = l.loss[i * n + j], mirrored = l.loss[(n - 1 - i) * n + (n - 1 - j)]
                #expect(abs(a - mirrored) <= 1e-5 * max(1, a), "(\(i), \(j)): \(a) vs \(mirrored)")
            }
        }
        #expect(l.minimum.map { $0.row == n / 2 && $0.column == n / 2 } == true)
    }

    @Test func clearErrors() throws {
        var rng = RandomGenerator(seed: 0)
        let m = try Model(name: "m", inputShape: [2], specs: [dense(1)], rng: &rng)
        let x = Tensor.zeros([4, 2]), y = Tensor.zeros([4, 1])
        #expect(throws: ModelError.self) { try Landscape.compute(m, loss: .mse, x: x, y: y, steps: 4, range: 1, seed: 0) }
        #expect(throws: ModelError.self) { try Landscape.compute(m, loss: .mse, x: x, y: y, steps: 5, range: 0, seed: 0) }
        let flat = try Model(name: "flat", inputShape: [2], specs: [LayerSpec("relu")], rng: &rng)
        #expect(throws: ModelError.self) { try Landscape.compute(flat, loss: .mse, x: x, y: y, steps: 5, range: 1, seed: 0) }
    }

    /// Along a recorded run: the path ends at the centre (the weights fit
    /// left), the two directions explain at most all of the movement, the
    /// path's points are the snapshots' coordinates, and the weights come back.
    @Test func alongARecordedRun() throws {
        let data = try Generators.make("moons", n: 48, noise: 0.1, seed: 1)
        var rng = RandomGenerator(seed: 2)
        let m = try Model(name: "m", inputShape: [2], specs: [dense(4), LayerSpec("tanh"), dense(1), LayerSpec("sigmoid")], rng: &rng)
        var options = FitOptions(loss: .bce, optimizer: SGD(lr: 0.5))
        options.epochs = 8
        options.batchSize = 16
        let h = try Trainer(model: m, options: options, listener: nil).fit(x: data.x, y: data.y)
        let snapshots = try #require(h.record).weights
        let t = try Trajectory(m, snapshots: snapshots)
        #expect(t.alphas.count == 9 && abs(t.alphas[8]) < 1e-9 && abs(t.betas[8]) < 1e-9)
        #expect(t.explained.0 >= t.explained.1 && t.explained.0 + t.explained.1 <= 1 + 1e-9 && t.explained.0 > 0.5)
        // The start's offset from the end, projected, is no longer than the offset itself.
        let start = zip(snapshots[0], m.snapshot().flatMap { $0 }).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
        #expect((t.alphas[0] * t.alphas[0] + t.betas[0] * t.betas[0]).squareRoot() <= start * (1 + 1e-6))
        let before = m.snapshot()
        let current = try Evaluator(model: m, loss: .bce).measure(x: data.x, y: data.y).loss
        let l = try t.landscape(m, loss: .bce, x: data.x, y: data.y, steps: 5, range: 1)
        #expect(l.center == current && m.snapshot() == before)
        #expect(throws: ModelError.self) { try Trajectory(m, snapshots: [snapshots[0]]) }
    }
}
