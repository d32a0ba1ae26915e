import Testing
import DLTensor
#if canImport(Glibc)
import Glibc
#endif
import DLData
@testable import DLNN

/// What fit records about each layer over training (`h.layers`).
@Suite struct LayerHistoryTests {
    func dense(_ n: Int) -> LayerSpec { LayerSpec("dense", numbers: ["units": Double(n)]) }

    func model(seed: UInt64 = 3) throws -> Model {
        var rng = RandomGenerator(seed: seed)
        return try Model(name: "m", inputShape: [2],
                         specs: [dense(6), LayerSpec("tanh"), dense(5), LayerSpec("relu"), dense(1), LayerSpec("sigmoid")],
                         rng: &rng)
    }

    func fit(_ m: Model, _ data: Dataset, epochs: Int, batch: Int, lr: Double = 0.2, shuffle: Bool = true,
             record: Bool = true) throws -> History {
        var options = FitOptions(loss: .bce, optimizer: SGD(lr: lr))
        options.epochs = epochs
        options.batchSize = batch
        options.shuffle = shuffle
        options.record = record
        return try Trainer(model: m, options: options, listener: nil).fit(x: data.x, y: data.y)
    }

    @Test func histogramBinsCoverEveryFiniteValue() {
        let h = Histogram([-2, -1, 0, 0.5, 2, .nan, 1.99], bins: 4)
        // Bins over [-2, 2]: [-2,-1) [-1,0) [0,1) [1,2]; 2 itself is the top bin.
        #expect(h.range == 2)
        #expect(h.counts == [1, 1, 2, 2])
        #expect(h.nonFinite == 1)
        let zeros = Histogram([0, 0, 0], bins: 24)
        #expect(zeros.total == 3 && zeros.range == 0)
        // Infinities belong to no bin and set no range.
        let infinite = Histogram([1, .infinity, -.infinity, -1, 0.25], bins: 2)
        #expect(infinite.range == 1 && infinite.counts == [1, 2] && infinite.nonFinite == 2)
        let zerosAndInfinity = Histogram([0, .infinity, .nan], bins: 4)
        #expect(zerosAndInfinity.counts == [0, 0, 1, 0] && zerosAndInfinity.nonFinite == 2)
    }

    /// Long inputs find their range 16 lanes at a time: the same bins as one
    /// plain loop would give, NaN and infinities included, at every length
    /// around the lane width (the largest value in the lanes or in the tail).
    @Test func longInputsBinAsOnePlainLoopWould() {
        func reference(_ v: [Float], bins: Int, every: Int = 1) -> Histogram {
            var largest: Float = 0
            for x in v where x.isFinite { largest = max(largest, x.magnitude) }
            var counts = [Int](repeating: 0, count: bins), bad = 0
            for x in stride(from: 0, to: v.count, by: every).map({ v[$0] }) {
                guard x.isFinite else { bad += 1; continue }
                let i = largest > 0 ? Int((x + largest) * (Float(bins) / (2 * largest))) : bins / 2
                counts[min(i, bins - 1)] += 1
            }
            return Histogram(counts: counts, range: largest, nonFinite: bad)
        }
        var rng = RandomGenerator(seed: 7)
        for n in [7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 1000, 4099] {
            var v = (0..<n).map { _ in Float(rng.normal()) * 3 }
            #expect(Histogram(v, bins: 24) == reference(v, bins: 24), "n = \(n)")
            v[n / 2] = .nan
            v[n - 1] = n % 2 == 0 ? .infinity : -.infinity
            #expect(Histogram(v, bins: 24) == reference(v, bins: 24), "n = \(n), with NaN and infinity")
            // Every third value when sampled, the tail past the last 16 included.
            #expect(Histogram(v, bins: 24, sample: (n + 2) / 3) == reference(v, bins: 24, every: 3), "n = \(n), sampled")
        }
        // Values on the bins' edges (and ±largest) fall in the same bins as the plain loop's.
        let rising: [Float] = (0...48).map { Float($0 - 24) / 8 }
        let edges = rising + rising.reversed()
        #expect(Histogram(edges, bins: 24) == reference(edges, bins: 24))
        #expect(Histogram(edges, bins: 7) == reference(edges, bins: 7))
    }

    /// A large output is binned from an evenly spaced sample; its range is
    /// still the largest |value| of all (here only the last one, unsampled).
    @Test func aLargeOutputIsBinnedFromAnEvenSample() {
        var v = (0..<100_000).map { Float($0 % 7) - 3 }
        v[99_999] = 50
        let h = Histogram(v, bins: 24, sample: 1_000)
        #expect(h.total == 1_000 && h.range == 50)
        let all = Histogram(v, bins: 24)
        #expect(all.total == 100_000 && all.range == 50)
    }

    /// Every recorded histogram counts each element of that step's output
    /// (and of its gradient) once: batch rows × the layer's units.
    @Test func histogramsSumToTheBatch() throws {
        let data = try Generators.make("moons", n: 70, noise: 0.1, seed: 1)
        let m = try model()
        let h = try fit(m, data, epochs: 3, batch: 16)
        let record = try #require(h.record)
        let stepsPerEpoch = 5  // 16, 16, 16, 16, 6
        #expect(record.steps == Array(1...15))
        for (r, step) in record.steps.enumerated() {
            let s = (step - 1) % stepsPerEpoch
            let rows = min(16, 70 - 16 * s)
            for (i, layer) in m.layers.enumerated() where i < 5 {
                let units = layer.outputShape.reduce(1, *)
                #expect(record.layers[i].activations[r].total == rows * units, "layer \(i) step \(step)")
                #expect(record.layers[i].gradients[r].total == rows * units, "layer \(i) step \(step)")
            }
        }
        // The final sigmoid is folded into the loss and never runs in training.
        #expect(record.foldedLayer == 5)
        #expect(record.layers[5].activations.isEmpty)
        // A ReLU's output is never negative: the lower half of its bins stays empty.
        for hist in record.layers[3].activations { #expect(hist.counts.prefix(TrainingRecord.bins / 2).allSatisfy { $0 == 0 }) }
        // Only the dense layers have weights, so only they have a ratio.
        #expect(record.layers.map { $0.updateRatio.count } == [15, 0, 15, 0, 15, 0])
    }

    /// For plain SGD one update is lr·∇W, so |ΔW|/|W| is lr·|∇W|/|W|: the
    /// gradients here come from a separate forward and backward pass on an
    /// identical model, and its weights are updated by hand.
    @Test func updateRatioIsLearningRateTimesGradientOverWeight() throws {
        let data = try Generators.make("moons", n: 40, noise: 0.1, seed: 2)
        let lr = 0.3
        let trained = try model(seed: 9)
        let h = try fit(trained, data, epochs: 6, batch: 40, lr: lr, shuffle: false)
        let record = try #require(h.record)

        let twin = try model(seed: 9)
        var expected: [[Double]] = [[], [], []]
        for _ in 0..<6 {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 0))
            let out = try twin.forward(data.x, &context, skippingFinalActivation: true)
            let loss = try Loss.bce.compute(out, data.y)
            for p in twin.params { p.zeroGrad() }
            try loss.backward()
            for (k, index) in [0, 2, 4].enumerated() {
                let w = twin.layers[index].namedParams[0].1
                let g = try #require(w.grad)
                let gn = g.storage.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                let wn = w.storage.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                expected[k].append(log10(lr * gn / wn))
            }
            for p in twin.params {
                let g = try #require(p.grad)
                p.storage = zip(p.storage, g.storage).map { $0 - Float(lr) * $1 }
            }
        }
        for (k, index) in [0, 2, 4].enumerated() {
            let got = record.layers[index].updateRatio
            #expect(got.count == 6)
            for (a, b) in zip(got, expected[k]) { #expect(abs(a - b) < 1e-3, "layer \(index): \(a) vs \(b)") }
        }
    }

    /// A long fit records every stride-th step, the stride a power of two
    /// that keeps about `plannedRecords` records.
    @Test func longRunsRecordEvenlySpacedSteps() throws {
        let data = try Generators.make("moons", n: 64, noise: 0.1, seed: 1)
        let h = try fit(try model(), data, epochs: 130, batch: 16)  // 520 steps
        let record = try #require(h.record)
        #expect(record.stride == 8 && record.thinned)
        #expect(record.steps == Array(stride(from: 8, through: 520, by: 8)))
        #expect(record.epochs == record.steps.map { ($0 - 1) / 4 + 1 })
        for layer in record.layers where layer.hasWeights { #expect(layer.updateRatio.count == record.steps.count) }
        #expect(record.layers[0].activations.count == record.steps.count)
    }

    /// Past `maxRecords` (a fit longer than planned), every other record goes.
    @Test func aFullRecordIsThinnedEvenly() {
        var record = TrainingRecord(layers: [LayerHistory(name: "layers[0] dense(1)", hasWeights: true)],
                                    foldedLayer: nil, plannedSteps: 0)
        for step in 1...(TrainingRecord.maxRecords + 1) {
            record.steps.append(step)
            record.epochs.append(1)
            record.layers[0].updateRatio.append(Double(step))
            record.thinIfFull()
        }
        #expect(record.stride == 2)
        #expect(record.steps == Array(stride(from: 2, through: TrainingRecord.maxRecords, by: 2)))
        #expect(record.layers[0].updateRatio == record.steps.map(Double.init))
    }

    /// A live listener sees the record grow, one record at a time, and
    /// again at each epoch's end with that epoch's weights kept.
    @Test func aListenerSeesEachRecord() throws {
        let data = try Generators.make("moons", n: 40, noise: 0.1, seed: 1)
        var options = FitOptions(loss: .bce, optimizer: SGD(lr: 0.1))
        options.epochs = 3
        options.batchSize = 20
        final class Seen: TrainingListener {
            var counts: [(steps: Int, weights: Int)] = []
            func handle(_ event: TrainingEvent) {
                if case .recorded(let r) = event { counts.append((r.steps.count, r.weights.count)) }
            }
        }
        let seen = Seen()
        let trainer = Trainer(model: try model(), options: options, listener: seen)
        let h = try trainer.fit(x: data.x, y: data.y)
        // Two steps per epoch, each recorded, then the epoch's weights.
        #expect(seen.counts.map(\.steps) == [1, 2, 2, 3, 4, 4, 5, 6, 6])
        #expect(seen.counts.map(\.weights) == [1, 1, 2, 2, 2, 3, 3, 3, 4])
        #expect(h.record?.steps.count == 6)
    }

    @Test func recordingOffKeepsNothingAndChangesNothing() throws {
        let data = try Generators.make("moons", n: 50, noise: 0.1, seed: 1)
        let a = try model(), b = try model()
        let ha = try fit(a, data, epochs: 4, batch: 10, record: true)
        let hb = try fit(b, data, epochs: 4, batch: 10, record: false)
        #expect(hb.record == nil)
        #expect(ha.loss == hb.loss)
        #expect(a.snapshot() == b.snapshot())
        #expect(!a.recordsActivations && a.lastActivations.isEmpty)
    }

    /// Weight snapshots: one per epoch plus the start, thinned evenly past the limit.
    @Test func weightSnapshotsAreBounded() throws {
        let data = try Generators.make("moons", n: 32, noise: 0.1, seed: 1)
        let m = try model()
        let start = m.snapshot()
        let h = try fit(m, data, epochs: 5, batch: 32)
        let record = try #require(h.record)
        #expect(record.weightEpochs == [0, 1, 2, 3, 4, 5])
        #expect(record.weights.first == start.flatMap { $0 })
        #expect(record.weights.last == m.snapshot().flatMap { $0 })
        var r = TrainingRecord(layers: [], foldedLayer: nil, plannedSteps: 0)
        r.snapshotLimit = 4
        for epoch in 0...9 { r.keepWeights([[Float(epoch)]], epoch: epoch) }
        #expect(r.weightEpochs == [0, 4, 8] && r.weights == [[0], [4], [8]])
        #expect(TrainingRecord.snapshotBudget / m.state.reduce(0) { $0 + $1.count } >= TrainingRecord.maxSnapshots)
    }
}
