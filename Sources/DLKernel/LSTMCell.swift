import CKernelHints

/// The LSTM cell's elementwise work, one row of a step at a time, 16 units
/// per pass: built here, with native code generation, because it is most of
/// an LSTM's arithmetic outside the matrix products.

/// One row of a step, 16 units at a time: the gate pre-activations z
/// (i, f, g, o; n of each), plus `input` where given, become their
/// activations in place, and the cell c', tanh(c') and h' are written (h'
/// twice: at `h` and at `hStep`). No previous cell means zero.
func lstmCellForward(_ n: Int, _ z: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>?, _ previous: UnsafePointer<Float>?,
                     _ c: UnsafeMutablePointer<Float>, _ tc: UnsafeMutablePointer<Float>,
                     _ h: UnsafeMutablePointer<Float>, _ hStep: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        @inline(__always) func gate(_ k: Int) -> Lanes {
            let v = Lanes.load(z + k * n + j, w)
            return input == nil ? v : v + Lanes.load(input! + k * n + j, w)
        }
        let i = vsigmoid(gate(0)), f = vsigmoid(gate(1)), g = vtanh(gate(2)), o = vsigmoid(gate(3))
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        let cNew = f * before + i * g
        let t = vtanh(cNew)
        i.store(z + j, w); f.store(z + n + j, w); g.store(z + 2 * n + j, w); o.store(z + 3 * n + j, w)
        let hNew = o * t
        cNew.store(c + j, w); t.store(tc + j, w); hNew.store(h + j, w); hNew.store(hStep + j, w)
        j += 16
    }
}

/// The same row on the way back: from the gates, the previous cell,
/// tanh(c'), and what reaches h' (from the output and the next step) and
/// c' (from the next step), the four gates' ∂L/∂z, written at `dz` and at
/// `dzStep`; `dc` becomes what reaches the previous cell.
func lstmCellBackward(_ n: Int, _ z: UnsafePointer<Float>, _ previous: UnsafePointer<Float>?,
                      _ tc: UnsafePointer<Float>, _ up: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                      _ dc: UnsafeMutablePointer<Float>, _ dz: UnsafeMutablePointer<Float>,
                      _ dzStep: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        let i = Lanes.load(z + j, w), f = Lanes.load(z + n + j, w)
        let g = Lanes.load(z + 2 * n + j, w), o = Lanes.load(z + 3 * n + j, w)
        let t = Lanes.load(tc + j, w), gh = Lanes.load(up + j, w) + Lanes.load(dh + j, w)
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        // c' reaches the loss through the next step's cell and through h' = σ(o)·tanh(c').
        let dcNew = Lanes.load(dc + j, w) + gh * o * (1 - t * t)
        let di = dcNew * g * i * (1 - i), df = dcNew * before * f * (1 - f)
        let dg = dcNew * i * (1 - g * g), dO = gh * t * o * (1 - o)
        di.store(dz + j, w); df.store(dz + n + j, w); dg.store(dz + 2 * n + j, w); dO.store(dz + 3 * n + j, w)
        di.store(dzStep + j, w); df.store(dzStep + n + j, w); dg.store(dzStep + 2 * n + j, w); dO.store(dzStep + 3 * n + j, w)
        (dcNew * f).store(dc + j, w)
        j += 16
    }
}

/// The forward recurrence: `gates` holds each row's input product and bias;
/// step by step it adds h_{t−1}·W_hh (`recurrent`), runs the cell, and
/// writes c, tanh c and h.
///
/// With `inputs`, the rows of `gates` are not filled yet: row r's input
/// product and bias is row group[r] of `inputs` (the rows of an embedding
/// lookup share one per id). The product then writes h_{t−1}·W_hh into the
/// row and the cell adds the input row as it reads it: the same sum, one
/// rounding, as adding the product to a row that held the input.
///
/// Rows are at b·time + t (gates 4n wide, the rest n). The sequences are
/// split across the threads in parts of `splitRows` rows, each part running
/// every step of its own rows: sequences are independent, so the threads meet once
/// per pass instead of twice per step (the per-step products were too small
/// to split well), and a row's numbers do not depend on its part.
public func lstmForwardSteps(batch: Int, time: Int, n: Int, gates: UnsafeMutablePointer<Float>, cells: UnsafeMutablePointer<Float>,
                             tanhCells: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                             recurrent: PackedB, inputs: UnsafePointer<Float>? = nil, group: UnsafePointer<Int>? = nil,
                             threads: Int) {
    let g4 = 4 * n
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        // The part's h_{t−1}, its rows side by side, for the product to read
        // in place: in `hidden` a step's rows are time·n floats apart, often
        // a multiple of 4 KB, and packing them every step was 2% of the char
        // LSTM. The cell writes h' there as well.
        let hStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * n)
        defer { hStep.deallocate() }
        for t in 0..<time {
            if t > 0 {
                sgemm(m: hi - lo, n: g4, k: n, a: hStep, aRowStride: n, aColStride: 1,
                      b: recurrent, c: gates + (lo * time + t) * g4, ldc: time * g4, accumulate: inputs == nil, threads: 1)
            } else if let inputs, let group {
                for b in lo..<hi { (gates + b * time * g4).update(from: inputs + group[b * time] * g4, count: g4) }
            }
            for b in lo..<hi {
                let r = b * time + t
                let input = t > 0 ? inputs.map { $0 + group![r] * g4 } : nil
                lstmCellForward(n, gates + r * g4, input, t > 0 ? UnsafePointer(cells + (r - 1) * n) : nil,
                                cells + r * n, tanhCells + r * n, hidden + r * n, hStep + (b - lo) * n)
            }
        }
    }
}

/// The backward recurrence, from the last step: each row's ∂L/∂z into `dz`,
/// with what reaches h and c carried back through `dh` and `dc` ([batch, n],
/// zero at the start); `recurrentT` is W_hhᵀ packed. Split as the forward.
public func lstmBackwardSteps(batch: Int, time: Int, n: Int, gates: UnsafePointer<Float>, cells: UnsafePointer<Float>,
                              tanhCells: UnsafePointer<Float>, up: UnsafePointer<Float>,
                              dz: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
                              recurrentT: PackedB, threads: Int) {
    let g4 = 4 * n
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        // The part's ∂L/∂z_t side by side, read in place by the product (as
        // h in the forward pass).
        let dzStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * g4)
        defer { dzStep.deallocate() }
        for t in stride(from: time - 1, through: 0, by: -1) {
            for b in lo..<hi {
                let r = b * time + t
                // The next row's inputs were written long before (the forward
                // pass, the layer above's backward) and are past L2; fetch
                // them while this row computes.
                let next = b + 1 < hi ? r + time : (t > 0 ? lo * time + t - 1 : -1)
                if next >= 0 {
                    prefetchFloats(gates + next * g4, g4)
                    prefetchFloats(tanhCells + next * n, n)
                    prefetchFloats(up + next * n, n)
                    if next % time > 0 { prefetchFloats(cells + (next - 1) * n, n) }
                }
                lstmCellBackward(n, gates + r * g4, t > 0 ? cells + (r - 1) * n : nil,
                                 tanhCells + r * n, up + r * n, dh + b * n, dc + b * n, dz + r * g4, dzStep + (b - lo) * g4)
            }
            if t > 0 {
                // ∂L/∂h_{t−1} = ∂L/∂z_t · W_hhᵀ.
                sgemm(m: hi - lo, n: n, k: g4, a: dzStep, aRowStride: g4, aColStride: 1,
                      b: recurrentT, c: dh + lo * n, ldc: n, accumulate: false, threads: 1)
            }
        }
    }
}

/// Asks for the cache lines of `count` floats from p.
@inline(__always) private func prefetchFloats(_ p: UnsafePointer<Float>, _ count: Int) {
    var i = 0
    while i < count {
        dl_prefetch_for_read(p + i)
        i += 16
    }
}
