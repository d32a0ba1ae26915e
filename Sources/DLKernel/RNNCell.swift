/// The plain recurrent layer's elementwise work and its recurrence, as
/// LSTMCell.swift and GRUCell.swift do theirs: h' = tanh(x·W_ih + b + h·W_hh),
/// one row of a step at a time, 16 units per pass.

/// The forward recurrence. Row (b, t) of every array is at b·time + t, n
/// wide. x's part x·W_ih + b is row r of `inputs`, or row group[r] when
/// `group` is given (an embedding lookup's rows, one per id); h' goes to
/// `hidden`. Split across threads by sequences, as the LSTM's.
public func rnnForwardSteps(batch: Int, time: Int, n: Int, inputs: UnsafePointer<Float>, group: UnsafePointer<Int>?,
                            hidden: UnsafeMutablePointer<Float>, recurrent: PackedB, threads: Int) {
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        // The part's h_{t−1} side by side, and its h·W_hh, for the product to read and write in place.
        let hStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * n)
        let product = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * n)
        defer { hStep.deallocate(); product.deallocate() }
        for t in 0..<time {
            if t > 0 {
                sgemm(m: hi - lo, n: n, k: n, a: hStep, aRowStride: n, aColStride: 1,
                      b: recurrent, c: product, ldc: n, accumulate: false, threads: 1)
            }
            for b in lo..<hi {
                let r = b * time + t
                let x = inputs + (group.map { $0[r] } ?? r) * n, p = product + (b - lo) * n
                let h = hidden + r * n, hs = hStep + (b - lo) * n
                var j = 0
                while j < n {
                    let w = Swift.min(16, n - j)
                    let v = Lanes.load(x + j, w)
                    let hNew = vtanh(t > 0 ? v + Lanes.load(p + j, w) : v)
                    hNew.store(h + j, w); hNew.store(hs + j, w)
                    j += 16
                }
            }
        }
    }
}

/// The backward recurrence, from the last step: each row's ∂L/∂(x·W_ih + b
/// + h·W_hh) into `dz`, with what reaches h carried back through `dh`
/// ([batch, n], zero at the start); `recurrentT` is W_hhᵀ packed.
public func rnnBackwardSteps(batch: Int, time: Int, n: Int, hidden: UnsafePointer<Float>, up: UnsafePointer<Float>,
                             dz: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>, recurrentT: PackedB, threads: Int) {
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        let dzStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * n)
        defer { dzStep.deallocate() }
        for t in stride(from: time - 1, through: 0, by: -1) {
            for b in lo..<hi {
                let r = b * time + t
                var j = 0
                while j < n {
                    let w = Swift.min(16, n - j)
                    let h = Lanes.load(hidden + r * n + j, w)
                    // tanh' = 1 − tanh².
                    let d = (Lanes.load(up + r * n + j, w) + Lanes.load(dh + b * n + j, w)) * (1 - h * h)
                    d.store(dz + r * n + j, w); d.store(dzStep + (b - lo) * n + j, w)
                    j += 16
                }
            }
            if t > 0 {
                // ∂L/∂h_{t−1} = ∂L/∂z_t · W_hhᵀ.
                sgemm(m: hi - lo, n: n, k: n, a: dzStep, aRowStride: n, aColStride: 1,
                      b: recurrentT, c: dh + lo * n, ldc: n, accumulate: false, threads: 1)
            }
        }
    }
}
