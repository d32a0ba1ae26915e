import Testing
import DLTensor

/// Sums over millions of float32 values against their exact totals: a
/// float32 running total stops at 2²⁴ and drifts long before.
@Suite struct ReductionTests {
    static let n = 20_000_000

    @Test func sumOfManyOnesIsExact() throws {
        #expect(try Tensor.ones([Self.n]).sum().storage[0] == 20_000_000)
        #expect(try Tensor.ones([Self.n]).mean().storage[0] == 1)
    }

    @Test func sumOfManyTenthsIsWithinRounding() throws {
        // Float(0.1) is 0.100000001490116…; ten million of them are 1000000.0149.
        let x = try Tensor.ones([10_000_000]) * Tensor(scalar: 0.1)
        #expect(Swift.abs(Double(try x.sum().storage[0]) - 1_000_000.0149) < 0.07)
        #expect(Swift.abs(try x.mean().storage[0] - 0.1) < 1e-8)
    }

    @Test func axisSumsAreExactToo() throws {
        let rows = try Tensor.ones([2, 10_000_000]).sum(axis: 1)
        #expect(rows.storage == [10_000_000, 10_000_000])
        let columns = try Tensor.ones([10_000_000, 2]).sum(axis: 0)
        #expect(columns.storage == [10_000_000, 10_000_000])
        let middle = try Tensor.ones([2, 5_000_000, 2]).mean(axis: 1)
        #expect(middle.storage == [1, 1, 1, 1])
    }

    /// A plain Double total drops a million 1e-3s next to 1e14; the
    /// compensated one gives the exact sum in any order of the blocks.
    @Test func smallTermsBetweenLargeOnesAreKept() throws {
        let big = try Tensor.ones([1_000_000]) * Tensor(scalar: 1e8)
        let small = try Tensor.ones([1_000_000]) * Tensor(scalar: 1e-3)
        let minus = try Tensor.ones([1_000_000]) * Tensor(scalar: -1e8)
        let exact = 1_000_000 * Double(Float(1e-3))
        for order in [[big, small, minus], [small, big, minus], [big, minus, small]] {
            let x = try Tensor.concat(order, axis: 0)
            #expect(Swift.abs(Double(try x.sum().storage[0]) - exact) < 1e-3)
            #expect(Swift.abs(Double(try x.mean().storage[0]) - exact / 3_000_000) < 1e-9)
            let column = try x.reshaped([3_000_000, 1])
            #expect(Swift.abs(Double(try column.sum(axis: 0).storage[0]) - exact) < 1e-3)
            // Two columns: the axis sum walks with a stride, a total per column.
            let strided = try Tensor.concat([column, column], axis: 1).sum(axis: 0)
            #expect(strided.storage.allSatisfy { Swift.abs(Double($0) - exact) < 1e-3 })
        }
    }

    @Test func gradientOfABroadcastScalarIsExact() throws {
        let w = Tensor(shape: [], storage: [2], isParam: true)
        try (Tensor.ones([Self.n]) * w).sum().backward()
        #expect(w.grad?.storage == [20_000_000])
        let b = Tensor(shape: [2], storage: [0, 0], isParam: true)
        try (Tensor.ones([10_000_000, 2]) + b).sum().backward()
        #expect(b.grad?.storage == [10_000_000, 10_000_000])
    }

    @Test func softmaxOverALongAxisSumsToOne() throws {
        let p = try Tensor.zeros([Self.n]).softmax()
        #expect(Swift.abs(try p.sum().storage[0] - 1) < 1e-5)
        #expect(Swift.abs(p.storage[0] - 1 / Float(Self.n)) < 1e-12)
    }

    @Test func smallSumsAreUnchanged() throws {
        #expect(try Tensor(shape: [5], storage: [1, 2, 3, 4, 5]).sum().storage[0] == 15)
        #expect(try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6]).sum(axis: 0).storage == [5, 7, 9])
        #expect(try Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6]).sum(axis: -1, keepDims: true).storage == [6, 15])
        #expect(try Tensor(shape: [0], storage: []).sum().storage[0] == 0)
    }
}
