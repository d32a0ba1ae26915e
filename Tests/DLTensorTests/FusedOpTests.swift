import Testing
@testable import DLTensor

/// The ops that do a layer's whole work at once (lstm, attention, layernorm, linear)
/// at the edges a program can reach: an empty batch, and no input features.
@Suite struct FusedOpTests {
    func param(_ shape: [Int], _ fill: Float = 0.1) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, storage: (0..<n).map { Float($0 % 7) * fill - 0.3 }, isParam: true)
    }

    @Test func anEmptyBatchGivesAnEmptyResultAndGradient() throws {
        let x = param([0, 5, 3])
        let y = try x.lstm(wIH: param([3, 8]), wHH: param([2, 8]), bias: param([8]))
        #expect(y.shape == [0, 5, 2] && y.count == 0)
        let (a, w) = try Tensor.attention(x, x, x, heads: 1, causal: true)
        #expect(a.shape == [0, 5, 3] && w.shape == [0, 1, 5, 5])
        let n = try x.layerNorm(gamma: param([3]), beta: param([3]), eps: 1e-5)
        #expect(n.shape == [0, 5, 3])
        try (try (try n.sum()) + (try a.sum())).backward()
        #expect(x.grad?.count == 0)
    }

    @Test func anLSTMWithNoInputFeaturesStillRunsItsRecurrence() throws {
        let wHH = param([2, 8]), bias = param([8])
        let y = try param([1, 3, 0]).lstm(wIH: param([0, 8]), wHH: wHH, bias: bias)
        #expect(y.shape == [1, 3, 2])
        #expect(y.storage.contains { $0 != 0 }, "the bias alone drives the gates")
        try (try y.sum()).backward()
        #expect(wHH.grad?.storage.contains { $0 != 0 } == true)
    }

    @Test func anRNNAtItsEdges() throws {
        let wHH = param([2, 2]), bias = param([2])
        let y = try param([1, 3, 0]).rnn(wIH: param([0, 2]), wHH: wHH, bias: bias)
        #expect(y.shape == [1, 3, 2] && y.storage.contains { $0 != 0 }, "the bias alone drives it")
        try (try y.sum()).backward()
        #expect(wHH.grad?.storage.contains { $0 != 0 } == true && bias.grad?.count == 2)
        let e = try param([0, 4, 3]).rnn(wIH: param([3, 2]), wHH: param([2, 2]), bias: param([2]))
        #expect(e.shape == [0, 4, 2] && e.count == 0)
        #expect(throws: TensorError.self) { try param([1, 2, 3]).rnn(wIH: param([3, 2]), wHH: param([3, 3]), bias: param([2])) }
    }

    @Test func aGRUAtItsEdges() throws {
        // No input features: the biases alone drive the gates, and w_hh still learns.
        let wHH = param([2, 6]), bIH = param([6])
        let y = try param([1, 3, 0]).gru(wIH: param([0, 6]), wHH: wHH, bIH: bIH, bHH: param([6]))
        #expect(y.shape == [1, 3, 2] && y.storage.contains { $0 != 0 })
        try (try y.sum()).backward()
        #expect(wHH.grad?.storage.contains { $0 != 0 } == true && bIH.grad?.count == 6)
        // An empty batch: an empty result and gradient.
        let x = param([0, 4, 3])
        let e = try x.gru(wIH: param([3, 6]), wHH: param([2, 6]), bIH: param([6]), bHH: param([6]))
        #expect(e.shape == [0, 4, 2] && e.count == 0)
        #expect(throws: TensorError.self) { try param([1, 2, 3]).gru(wIH: param([3, 8]), wHH: param([2, 6]), bIH: param([6]), bHH: param([6])) }
    }

    /// With either weight frozen (a constant, not a param) the other's
    /// gradient is the same to the bit, and the frozen one gets none.
    @Test func anLSTMWeightGradientDoesNotDependOnTheOtherBeingTrained() throws {
        func run(trainIH: Bool, trainHH: Bool) throws -> (ih: [Float]?, hh: [Float]?) {
            let x = param([2, 5, 3], 0.2)
            let wIH = Tensor(shape: [3, 16], storage: param([3, 16], 0.07).storage, isParam: trainIH)
            let wHH = Tensor(shape: [4, 16], storage: param([4, 16], 0.05).storage, isParam: trainHH)
            let y = try x.lstm(wIH: wIH, wHH: wHH, bias: param([16]))
            try (try (y * y).sum()).backward()
            return (wIH.grad?.storage, wHH.grad?.storage)
        }
        let both = try run(trainIH: true, trainHH: true)
        let onlyIH = try run(trainIH: true, trainHH: false), onlyHH = try run(trainIH: false, trainHH: true)
        #expect(both.ih != nil && both.hh != nil)
        #expect(both.hh!.contains { $0 != 0 } && both.ih!.contains { $0 != 0 })
        #expect(onlyIH.ih == both.ih && onlyIH.hh == nil)
        #expect(onlyHH.hh == both.hh && onlyHH.ih == nil)
    }

    /// Fed by an embedding lookup, the recurrent ops compute their input
    /// product once per id: the same outputs to the bit as from the same
    /// numbers without the lookup, and the same gradients up to rounding
    /// (w_ih's and the input bias's are summed per id first).
    @Test(arguments: ["lstm", "gru", "rnn"]) func aRecurrentOpFedByALookupGivesTheSameNumbers(_ kind: String) throws {
        // Batch 20 splits the sequences into parts when the engine has two threads.
        let vocab = 5, dim = 3, batch = 20, time = 7, hidden = 4, gates = ["lstm": 4, "gru": 3, "rnn": 1][kind]!
        let ids = Tensor(shape: [batch, time], storage: (0..<batch * time).map { Float(($0 * 3 + $0 / 5) % vocab) })
        func weights() -> [Tensor] {
            [param([dim, gates * hidden], 0.07), param([hidden, gates * hidden], 0.05), param([gates * hidden], 0.02), param([gates * hidden], 0.03)]
        }
        func layer(_ x: Tensor, _ w: [Tensor]) throws -> Tensor {
            switch kind {
            case "lstm": try x.lstm(wIH: w[0], wHH: w[1], bias: w[2])
            case "gru": try x.gru(wIH: w[0], wHH: w[1], bIH: w[2], bHH: w[3])
            default: try x.rnn(wIH: w[0], wHH: w[1], bias: w[2])
            }
        }
        let table = param([vocab, dim], 0.2)
        let looked = try table.embedding(ids)
        let lookup = try #require(looked.repeatedLookupRows, "a recorded lookup knows its rows' ids: the per-id path is taken")
        #expect(lookup.firsts.count == vocab)
        let w1 = weights(), w2 = weights()
        let plainX = Tensor(shape: looked.shape, storage: looked.storage, isParam: true)
        #expect(plainX.lookupRows == nil)
        let fused = try layer(looked, w1), plain = try layer(plainX, w2)
        #expect(fused.storage == plain.storage)
        let weighting = Tensor(shape: fused.shape, storage: (0..<fused.count).map { Float($0 % 11) * 0.1 - 0.4 })
        try (try fused * weighting).sum().backward()
        try (try plain * weighting).sum().backward()
        for (a, b) in zip(w1, w2).prefix(kind == "gru" ? 4 : 3) {
            let ga = try #require(a.grad).storage, gb = try #require(b.grad).storage
            #expect(closeness(ga, gb, atol: 1e-6, rtol: 1e-5) <= 1, "\(ga.prefix(4)) vs \(gb.prefix(4))")
        }
        // The table's gradient is the lookup's scatter of x's.
        var scattered = [Float](repeating: 0, count: vocab * dim)
        let dx = try #require(plainX.grad).storage
        for (r, id) in ids.storage.enumerated() { for j in 0..<dim { scattered[Int(id) * dim + j] += dx[r * dim + j] } }
        #expect(try #require(table.grad).storage == scattered)
    }

    @Test func lookupRowsAreGroupedByIdInOrderOfFirstUse() throws {
        let table = param([4, 2])
        let ids = Tensor(shape: [2, 3], storage: [2, 0, 2, 3, 0, 2])
        let rows = try #require(try table.embedding(ids).lookupRows)
        #expect(rows.firsts == [0, 1, 3] && rows.group == [0, 1, 0, 2, 1, 0])
        // Three ids in six rows is worth grouping; four in six is not.
        #expect(try table.embedding(ids).repeatedLookupRows != nil)
        #expect(try table.embedding(Tensor(shape: [6], storage: [0, 1, 2, 3, 0, 1])).repeatedLookupRows == nil)
        // Without recording there is no lookup to know of.
        #expect(try GradMode.withoutRecording { try table.embedding(ids) }.lookupRows == nil)
    }

    @Test func aLinearLayerAtItsEdges() throws {
        // No rows: an empty result, and a weight gradient that is a sum of nothing.
        let w = param([3, 4]), b = param([4])
        let empty = try param([0, 3]).linear(weight: w, bias: b)
        #expect(empty.shape == [0, 4])
        try (try empty.sum()).backward()
        #expect(w.grad?.storage == [Float](repeating: 0, count: 12) && b.grad?.storage == [0, 0, 0, 0])
        // No input features: every row is the bias, and the bias still learns.
        let b2 = param([4])
        let y = try param([2, 0]).linear(weight: param([0, 4]), bias: b2)
        #expect(y.storage == b2.storage + b2.storage)
        try (try y.sum()).backward()
        #expect(b2.grad?.storage == [2, 2, 2, 2])
    }

    @Test func mismatchedShapesAreErrorsThatNameThem() {
        #expect(throws: TensorError.self) { try param([2, 3]).linear(weight: param([4, 5]), bias: param([5])) }
        #expect(throws: TensorError.self) { try param([2, 3]).linear(weight: param([3, 5]), bias: param([4])) }
        #expect(throws: TensorError.self) { try param([1, 2, 3]).lstm(wIH: param([4, 8]), wHH: param([2, 8]), bias: param([8])) }
        #expect(throws: TensorError.self) { try Tensor.attention(param([1, 2, 4]), param([1, 2, 4]), param([1, 2, 4]), heads: 3, causal: true) }
        #expect(throws: TensorError.self) { try param([2, 3]).layerNorm(gamma: param([2]), beta: param([3]), eps: 1e-5) }
    }
}
