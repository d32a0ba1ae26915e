@testable import DLKernel
import Testing

/// The elementwise kernels split large inputs across threads; every value
/// must come out the same on one thread as on two.
@Suite struct ElementwiseThreadTests {
    func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = Rng(state: seed)
        return (0..<n).map { _ in rng.next() * 4 }
    }

    @Test func geluIsTheSameOnOneAndTwoThreads() {
        let n = 100_003
        let x = values(n, seed: 3), up = values(n, seed: 5)
        var results: [[Float]] = []
        for threads in [1, 2] {
            var y = [Float](repeating: 0, count: n), dx = [Float](repeating: 0, count: n)
            geluForward(count: n, x: x, y: &y, threads: threads)
            geluBackward(count: n, x: x, y: y, up: up, dx: &dx, threads: threads)
            results.append(y + dx)
        }
        #expect(results[0] == results[1])
        #expect(results[0].allSatisfy { $0.isFinite })
    }

    @Test func layerNormIsTheSameOnOneAndTwoThreads() {
        let rows = 2051, d = 64
        let x = values(rows * d, seed: 7), up = values(rows * d, seed: 9)
        let gamma = values(d, seed: 11), beta = values(d, seed: 13)
        var results: [[Float]] = []
        for threads in [1, 2] {
            var y = [Float](repeating: 0, count: rows * d), n = y, dx = y
            var inv = [Float](repeating: 0, count: rows), dg = [Float](repeating: 0, count: d), db = dg
            layerNormForward(rows: rows, d: d, x: x, gamma: gamma, beta: beta, eps: 1e-5, y: &y, normalized: &n, invStd: &inv, threads: threads)
            layerNormBackward(rows: rows, d: d, up: up, gamma: gamma, normalized: n, invStd: inv, dx: &dx, dGamma: &dg, dBeta: &db, threads: threads)
            results.append(y + dx + dg + db)
        }
        #expect(results[0] == results[1])
    }
}

/// The LSTM's recurrence splits its sequences across threads; each
/// sequence's numbers must not depend on that.
@Test func lstmRecurrenceIsTheSameOnOneAndTwoThreads() {
    let batch = 37, time = 6, n = 24, g4 = 4 * n
    var rng = Rng(state: 21)
    let inputs = (0..<(batch * time * g4)).map { _ in rng.next() * 2 }
    let w = (0..<(n * g4)).map { _ in rng.next() * 0.3 }
    let up = (0..<(batch * time * n)).map { _ in rng.next() }
    var results: [[Float]] = []
    for threads in [1, 2] {
        var gates = inputs
        var cells = [Float](repeating: 0, count: batch * time * n), tanhCells = cells, hidden = cells
        var dz = [Float](repeating: 0, count: batch * time * g4)
        var dh = [Float](repeating: 0, count: batch * n), dc = dh
        w.withUnsafeBufferPointer { wp in
            let recurrent = PackedB(k: n, n: g4, b: wp.baseAddress!, rowStride: g4, colStride: 1)
            let recurrentT = PackedB(k: g4, n: n, b: wp.baseAddress!, rowStride: 1, colStride: g4)
            gates.withUnsafeMutableBufferPointer { g in cells.withUnsafeMutableBufferPointer { c in
            tanhCells.withUnsafeMutableBufferPointer { t in hidden.withUnsafeMutableBufferPointer { h in
                lstmForwardSteps(batch: batch, time: time, n: n, gates: g.baseAddress!, cells: c.baseAddress!,
                                 tanhCells: t.baseAddress!, hidden: h.baseAddress!, recurrent: recurrent, threads: threads)
                lstmBackwardSteps(batch: batch, time: time, n: n, gates: g.baseAddress!, cells: c.baseAddress!, tanhCells: t.baseAddress!,
                                  up: up, dz: &dz, dh: &dh, dc: &dc, recurrentT: recurrentT, threads: threads)
            } } } }
        }
        results.append(hidden + cells + dz + dh + dc)
    }
    #expect(results[0] == results[1])
    #expect(results[0].contains { $0 != 0 })
}
