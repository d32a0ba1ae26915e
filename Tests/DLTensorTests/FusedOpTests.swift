import Testing
import DLTensor

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
