import Testing
import DLTensor
@testable import DLNN

/// Pooling, embedding, positions, recurrent layers and attention against
/// PyTorch, by finite differences, and their errors.
@Suite struct SequenceLayerTests {
    /// Each layer's own declarations (soon requirements of `Layer` itself).
    func label(_ layer: Layer) -> String { layer.label }
    func multAdds(_ layer: Layer) -> Int { layer.multAdds }

    @Test(arguments: SequenceReference.shared.cases)
    func layerMatchesPyTorch(_ c: SequenceReference.Case) throws {
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: c.build, specs: [LayerSpec(c.kind, numbers: c.numbers)], rng: &rng)
        let layer = model.layers[0]
        #expect(Set(layer.namedParams.map(\.0)) == Set(c.params.keys), "param names")
        for (name, value) in layer.namedParams {
            let given = try #require(c.params[name])
            #expect(value.shape == given.shape, "\(name) shape")
            value.storage = given.data
        }
        // Straight to the layer: the batch may be shorter than the built length.
        let x = c.grads["x"] == nil ? c.x.tensor : c.x.param
        var context = ForwardContext(training: true, rng: rng)
        let out = try layer.forward(x, &context)
        #expect(out.shape == c.out.shape)
        #expect(closeness(out.storage, c.out.data, atol: 1e-5, rtol: 1e-4) <= 1, "forward")
        try (out * c.upstream.tensor).sum().backward()
        if let gx = c.grads["x"] {
            #expect(closeness(x.grad!.storage, gx.data, atol: 1e-4, rtol: 1e-3) <= 1, "dL/dx")
        }
        for (name, p) in layer.namedParams {
            #expect(closeness(p.grad!.storage, c.grads[name]!.data, atol: 1e-4, rtol: 1e-3) <= 1, "dL/d\(name)")
        }
    }

    @Test func everyNewLayerKindHasAReference() {
        let kinds = Set(SequenceReference.shared.cases.map(\.kind))
        #expect(kinds.isSuperset(of: ["maxpool", "avgpool", "embedding", "positional", "sinusoidal",
                                      "rnn", "lstm", "gru", "last", "attention"]))
        let attention = SequenceReference.shared.cases.filter { $0.kind == "attention" }.map { $0.numbers["causal"] }
        #expect(Set(attention) == [0, 1], "causal and full attention")
    }

    /// Central differences through each layer inside a small model, for every param and the input.
    @Test(arguments: [
        ("rnn", ["hidden": 3.0]), ("lstm", ["hidden": 3]), ("gru", ["hidden": 3]),
        ("attention", ["heads": 2, "causal": 1]), ("attention", ["heads": 1, "causal": 0]),
        ("positional", ["length": 5]), ("sinusoidal", [:]), ("last", [:]),
    ] as [(String, [String: Double])])
    func finiteDifferencesThroughSequenceLayers(_ kind: String, _ numbers: [String: Double]) throws {
        var rng = RandomGenerator(seed: 5)
        let specs = [LayerSpec(kind, numbers: numbers), LayerSpec("dense", numbers: ["units": 2])]
        let model = try Model(name: "m", inputShape: [4, 4], specs: specs, rng: &rng)
        let x = Tensor(shape: [2, 4, 4], storage: Tensor.randn([2, 4, 4], using: &rng).storage, isParam: true)
        let target = Tensor.randn(kind == "last" ? [2, 2] : [2, 4, 2], using: &rng)
        func loss() throws -> Tensor {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
            let d = try model.forward(x, &context) - target
            return try (d * d).mean()
        }
        let reports = try GradCheck.check(params: model.params + [x], loss: loss)
        for r in reports {
            #expect(r.passed, "\(kind) param \(r.index) \(Shape.describe(r.shape)): abs \(r.maxAbsoluteError), rel \(r.maxRelativeError)")
        }
    }

    /// A recurrent layer after an embedding works its input product once per id
    /// (the ids repeat here: 12 tokens, 3 ids); its gradients still match central differences.
    @Test(arguments: ["lstm", "gru", "rnn"]) func finiteDifferencesThroughARecurrentLayerFedByAnEmbedding(_ kind: String) throws {
        var rng = RandomGenerator(seed: 7)
        let specs = [LayerSpec("embedding", numbers: ["vocab": 3, "dim": 2]), LayerSpec(kind, numbers: ["hidden": 3]),
                     LayerSpec("dense", numbers: ["units": 2])]
        let model = try Model(name: "m", inputShape: [6], specs: specs, rng: &rng)
        let ids = Tensor(shape: [2, 6], storage: [0, 1, 2, 1, 0, 0, 2, 2, 1, 0, 1, 2])
        let target = Tensor.randn([2, 6, 2], using: &rng)
        func loss() throws -> Tensor {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
            let d = try model.forward(ids, &context) - target
            return try (d * d).mean()
        }
        let reports = try GradCheck.check(params: model.params, loss: loss)
        #expect(reports.count == (kind == "gru" ? 7 : 6))
        for r in reports {
            #expect(r.passed, "\(kind) param \(r.index) \(Shape.describe(r.shape)): abs \(r.maxAbsoluteError), rel \(r.maxRelativeError)")
        }
    }

    @Test(arguments: ["maxpool", "avgpool"])
    func finiteDifferencesThroughPooling(_ kind: String) throws {
        var rng = RandomGenerator(seed: 2)
        let specs = [LayerSpec("conv2d", numbers: ["filters": 2, "kernel": 2]), LayerSpec(kind, numbers: ["size": 2]),
                     LayerSpec("flatten"), LayerSpec("dense", numbers: ["units": 2])]
        let model = try Model(name: "m", inputShape: [1, 5, 5], specs: specs, rng: &rng)
        #expect(model.layers[1].outputShape == [2, 2, 2])
        let x = Tensor.randn([3, 1, 5, 5], using: &rng)
        let y = Tensor(shape: [3], storage: [0, 1, 1])
        let reports = try GradCheck.check(params: model.params) {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
            return try Loss.crossentropy.compute(try model.forward(x, &context), y)
        }
        #expect(reports.filter { !$0.passed }.isEmpty, "\(reports)")
    }

    @Test func embeddingGradientsReachTheTable() throws {
        var rng = RandomGenerator(seed: 4)
        let specs = [LayerSpec("embedding", numbers: ["vocab": 5, "dim": 3]), LayerSpec("lstm", numbers: ["hidden": 2]),
                     LayerSpec("dense", numbers: ["units": 5])]
        let model = try Model(name: "m", inputShape: [4], specs: specs, rng: &rng)
        let x = Tensor(shape: [2, 4], storage: [0, 3, 3, 1, 4, 2, 0, 3])
        let y = Tensor(shape: [2, 4], storage: [3, 3, 1, 4, 2, 0, 3, 1])
        let reports = try GradCheck.check(params: model.params) {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
            return try Loss.crossentropy.compute(try model.forward(x, &context), y)
        }
        #expect(reports.filter { !$0.passed }.isEmpty, "\(reports)")
        // Row 4 of the table is looked up once, and feeds the loss.
        let table = try #require(model.layers[0].namedParams.first?.1.grad)
        #expect(table.storage[12..<15].contains { $0 != 0 })
    }

    @Test func denseActsOnTheLastAxisOfAnyRank() throws {
        var rng = RandomGenerator(seed: 6)
        let model = try Model(name: "m", inputShape: [3, 4], specs: [LayerSpec("dense", numbers: ["units": 2])], rng: &rng)
        let dense = try #require(model.layers[0] as? Dense)
        let x = Tensor(shape: [2, 3, 4], storage: Tensor.randn([2, 3, 4], using: &rng).storage, isParam: true)
        var context = ForwardContext(training: false, rng: rng)
        let y = try model.forward(x, &context)
        #expect(y.shape == [2, 3, 2])
        // Row by row, the same as a plain 2-D product.
        let rows = try x.reshaped([6, 4]).matmul(dense.weight) + dense.bias
        #expect(closeness(y.storage, rows.storage, atol: 1e-6, rtol: 1e-6) <= 1)
        #expect(dense.multAdds == 3 * 4 * 2)
        let reports = try GradCheck.check(params: model.params + [x]) {
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 1))
            return try (model.forward(x, &context).tanh()).sum()
        }
        #expect(reports.filter { !$0.passed }.isEmpty, "\(reports)")
    }

    @Test func attentionKeepsItsWeightsAndHidesLaterSteps() throws {
        var rng = RandomGenerator(seed: 7)
        let model = try Model(name: "m", inputShape: [6, 8],
                              specs: [LayerSpec("attention", numbers: ["heads": 2, "causal": 1])], rng: &rng)
        let attention = try #require(model.layers[0] as? Attention)
        var context = ForwardContext(training: false, rng: rng)
        _ = try attention.forward(Tensor.randn([3, 4, 8], using: &rng), &context)
        let w = try #require(attention.lastWeights)
        #expect(w.shape == [3, 2, 4, 4] && !w.requiresGrad)
        for row in 0..<(3 * 2 * 4) {
            let i = row % 4
            let values = w.storage[(row * 4)..<(row * 4 + 4)]
            #expect(abs(values.reduce(0, +) - 1) < 1e-5)
            #expect(values.enumerated().allSatisfy { j, v in j <= i || v == 0 }, "step \(i) sees a later step")
        }
        #expect(attention.label == "attention(2 heads, causal)")
    }

    @Test func labelsAndMultAdds() throws {
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [10], specs: [
            LayerSpec("embedding", numbers: ["vocab": 20, "dim": 8]), LayerSpec("lstm", numbers: ["hidden": 16]),
            LayerSpec("gru", numbers: ["hidden": 4]), LayerSpec("rnn", numbers: ["hidden": 3]), LayerSpec("last"),
            LayerSpec("dropout", numbers: ["p": 0.2]), LayerSpec("dense", numbers: ["units": 5]),
        ], rng: &rng)
        #expect(model.layers.map(label) == ["embedding(20, 8)", "lstm(16)", "gru(4)", "rnn(3)", "last()", "dropout(0.2)", "dense(5)"])
        #expect(model.layers.map(multAdds) == [
            0, 10 * ((8 + 16) * 64 + 3 * 16), 10 * ((16 + 4) * 12 + 2 * 4), 10 * (4 + 3) * 3, 0, 0, 3 * 5,
        ])
        let conv = try Model(name: "c", inputShape: [1, 6, 6], specs: [
            LayerSpec("conv2d", numbers: ["filters": 2, "kernel": 3, "stride": 1, "padding": 1]),
            LayerSpec("maxpool", numbers: ["size": 2]), LayerSpec("relu"),
        ], rng: &rng)
        #expect(conv.layers.map(label) == ["conv2d(2, kernel: 3, padding: 1)", "maxpool(2)", "relu()"])
        #expect(multAdds(conv.layers[0]) == 2 * 9 * 36)
    }

    @Test func learnersGetErrorsThatSayWhatToWrite() throws {
        var rng = RandomGenerator(seed: 0)
        func error(_ input: [Int], _ specs: [LayerSpec]) -> ModelError? {
            do { _ = try Model(name: "m", inputShape: input, specs: specs, rng: &rng); return nil }
            catch let e as ModelError { return e } catch { return nil }
        }
        let rnn = try #require(error([64], [LayerSpec("rnn", numbers: ["hidden": 8])]))
        #expect(rnn.message == "rnn needs inputs [time, features] per sample, got [64]")
        #expect(rnn.help?.contains("embedding(vocab, dim)") == true)
        let lstm = try #require(error([4, 8, 8], [LayerSpec("lstm", numbers: ["hidden": 8])]))
        #expect(lstm.message.hasPrefix("lstm needs inputs [time, features] per sample"))
        let heads = try #require(error([5, 10], [LayerSpec("attention", numbers: ["heads": 4, "causal": 1])]))
        #expect(heads.message.contains("do not split into 4"))
        #expect(heads.help?.contains("1, 2, 5, 10") == true)
        let huge = try #require(error([4, 4], [LayerSpec("lstm", numbers: ["hidden": 1e9])]))
        #expect(huge.message.contains("too large"))
        let hugeEmbedding = try #require(error([4], [LayerSpec("embedding", numbers: ["vocab": 1e6, "dim": 1e6])]))
        #expect(hugeEmbedding.message.contains("too large"))
        for bad in [LayerSpec("gru", numbers: ["hidden": 0]), LayerSpec("rnn", numbers: ["hidden": -3]),
                    LayerSpec("positional", numbers: ["length": 0]), LayerSpec("embedding", numbers: ["vocab": 5]),
                    LayerSpec("attention", numbers: ["heads": 0, "causal": 1])] {
            let e = try #require(error([4, 4], [bad]))
            #expect(e.message.contains("positive") && e.help != nil, "\(e.message)")
        }
        let pool = try #require(error([1, 3, 3], [LayerSpec("maxpool", numbers: ["size": 4])]))
        #expect(pool.message.contains("does not fit"))
        let short = try #require(error([8, 4], [LayerSpec("positional", numbers: ["length": 5])]))
        #expect(short.help == "write positional(8) or more")
    }

    @Test func embeddingNamesABadId() throws {
        let table = Tensor.ones([4, 2]).asParam()
        for (ids, bad) in [([1, 7, 0], "7"), ([0, 1.5], "1.5"), ([-1], "-1"), ([.nan], "nan")] as [([Float], String)] {
            do {
                _ = try table.embedding(Tensor(shape: [ids.count], storage: ids))
                Issue.record("expected an error for \(ids)")
            } catch let e as TensorError {
                #expect(e.message.hasPrefix("embedding: id \(bad) "), "\(e.message)")
                #expect(e.message.contains("0..<4"))
            }
        }
    }

    @Test func sequenceLayersTakeShorterBatchesButNotLonger() throws {
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [6, 4], specs: [LayerSpec("positional", numbers: ["length": 6]),
                                                                     LayerSpec("gru", numbers: ["hidden": 3])], rng: &rng)
        var context = ForwardContext(training: false, rng: rng)
        let h = try model.layers[1].forward(try model.layers[0].forward(Tensor.ones([2, 3, 4]), &context), &context)
        #expect(h.shape == [2, 3, 3])
        #expect(throws: ModelError.self) { _ = try model.layers[0].forward(Tensor.ones([2, 7, 4]), &context) }
        #expect(throws: ModelError.self) { _ = try model.layers[1].forward(Tensor.ones([2, 3, 5]), &context) }
    }
}
