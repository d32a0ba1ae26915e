/// The GRU cell's elementwise work and its recurrence, as LSTMCell.swift
/// does it for the LSTM: one row of a step at a time, 16 units per pass.
///
/// Per row, with x's part gx = x·W_ih + b_ih and h's part gh = h·W_hh + b_hh
/// (gates r, z, n, n of each):
///   r = σ(gx_r + gh_r), z = σ(gx_z + gh_z), n = tanh(gx_n + r·gh_n),
///   h' = n + z·(h − n).

/// One row of a step. `gx` is x's part (3n), `product` h·W_hh (3n, nil at
/// the first step, where h = 0), `bias` b_hh; r, z and n are written to
/// `gates` (which may be `gx` itself), gh_n to `hn`, and h' to `h` and `hStep`.
func gruCellForward(_ n: Int, _ gx: UnsafePointer<Float>, _ product: UnsafePointer<Float>?, _ bias: UnsafePointer<Float>,
                    _ previous: UnsafePointer<Float>?, _ gates: UnsafeMutablePointer<Float>, _ hn: UnsafeMutablePointer<Float>,
                    _ h: UnsafeMutablePointer<Float>, _ hStep: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        @inline(__always) func hidden(_ k: Int) -> Lanes {
            let b = Lanes.load(bias + k * n + j, w)
            return product == nil ? b : Lanes.load(product! + k * n + j, w) + b
        }
        let ghn = hidden(2)
        let r = vsigmoid(Lanes.load(gx + j, w) + hidden(0))
        let z = vsigmoid(Lanes.load(gx + n + j, w) + hidden(1))
        let c = vtanh(Lanes.load(gx + 2 * n + j, w) + r * ghn)
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        let hNew = c + z * (before - c)
        r.store(gates + j, w); z.store(gates + n + j, w); c.store(gates + 2 * n + j, w)
        ghn.store(hn + j, w); hNew.store(h + j, w); hNew.store(hStep + j, w)
        j += 16
    }
}

/// The same row on the way back: from r, z, n, gh_n, the previous h and
/// what reaches h' (`up` from the output plus `dh` from the next step), the
/// gradients of x's part (`dx`: r, z, n) and of h's part (`dh3`, and again
/// at `dhStep`: r, z, r·n's); `dh` becomes h's direct share, z·∂h'.
func gruCellBackward(_ n: Int, _ gates: UnsafePointer<Float>, _ hn: UnsafePointer<Float>, _ previous: UnsafePointer<Float>?,
                     _ up: UnsafePointer<Float>, _ dh: UnsafeMutablePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                     _ dh3: UnsafeMutablePointer<Float>, _ dhStep: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        let r = Lanes.load(gates + j, w), z = Lanes.load(gates + n + j, w), c = Lanes.load(gates + 2 * n + j, w)
        let g = Lanes.load(up + j, w) + Lanes.load(dh + j, w)
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        // h' = n + z·(h − n): ∂n = g·(1 − z), ∂z = g·(h − n), and h keeps z·g.
        let dn = g * (1 - z) * (1 - c * c)
        let dr = dn * Lanes.load(hn + j, w) * r * (1 - r)
        let dz = g * (before - c) * z * (1 - z)
        let dhn = dn * r
        dr.store(dx + j, w); dz.store(dx + n + j, w); dn.store(dx + 2 * n + j, w)
        dr.store(dh3 + j, w); dz.store(dh3 + n + j, w); dhn.store(dh3 + 2 * n + j, w)
        dr.store(dhStep + j, w); dz.store(dhStep + n + j, w); dhn.store(dhStep + 2 * n + j, w)
        (g * z).store(dh + j, w)
        j += 16
    }
}

/// The forward recurrence. Row (b, t) of every array is at b·time + t (x's
/// part and the gates 3n wide, the rest n). x's part is row r of `inputs`,
/// or row group[r] when `group` is given (an embedding lookup's rows, one per
/// id); r, z, n go to `gates`, gh_n to `hn`, h' to `hidden`. Split across
/// threads by sequences, as the LSTM's.
public func gruForwardSteps(batch: Int, time: Int, n: Int, inputs: UnsafePointer<Float>, group: UnsafePointer<Int>?,
                            gates: UnsafeMutablePointer<Float>, hn: UnsafeMutablePointer<Float>,
                            hidden: UnsafeMutablePointer<Float>, recurrent: PackedB, bias: UnsafePointer<Float>, threads: Int) {
    let g3 = 3 * n
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        // The part's h_{t−1} side by side, and its h·W_hh, for the product to read and write in place.
        let hStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * n)
        let product = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * g3)
        defer { hStep.deallocate(); product.deallocate() }
        for t in 0..<time {
            if t > 0 {
                sgemm(m: hi - lo, n: g3, k: n, a: hStep, aRowStride: n, aColStride: 1,
                      b: recurrent, c: product, ldc: g3, accumulate: false, threads: 1)
            }
            for b in lo..<hi {
                let r = b * time + t
                let x = inputs + (group.map { $0[r] } ?? r) * g3
                gruCellForward(n, x, t > 0 ? UnsafePointer(product + (b - lo) * g3) : nil, bias,
                               t > 0 ? UnsafePointer(hidden + (r - 1) * n) : nil,
                               gates + r * g3, hn + r * n, hidden + r * n, hStep + (b - lo) * n)
            }
        }
    }
}

/// The backward recurrence, from the last step: each row's gradient of x's
/// part into `dx` and of h's part into `dh3` ([rows, 3n] each), with what
/// reaches h carried back through `dh` ([batch, n], zero at the start);
/// `recurrentT` is W_hhᵀ packed. Split as the forward.
public func gruBackwardSteps(batch: Int, time: Int, n: Int, gates: UnsafePointer<Float>, hn: UnsafePointer<Float>,
                             hidden: UnsafePointer<Float>, up: UnsafePointer<Float>,
                             dx: UnsafeMutablePointer<Float>, dh3: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>,
                             recurrentT: PackedB, threads: Int) {
    let g3 = 3 * n
    forEachRange(batch, unit: splitRows, threads: threads) { lo, hi in
        let dhStep = UnsafeMutablePointer<Float>.allocate(capacity: (hi - lo) * g3)
        defer { dhStep.deallocate() }
        for t in stride(from: time - 1, through: 0, by: -1) {
            for b in lo..<hi {
                let r = b * time + t
                gruCellBackward(n, gates + r * g3, hn + r * n, t > 0 ? hidden + (r - 1) * n : nil,
                                up + r * n, dh + b * n, dx + r * g3, dh3 + r * g3, dhStep + (b - lo) * g3)
            }
            if t > 0 {
                // ∂L/∂h_{t−1} = z·∂L/∂h_t (in dh already) + ∂L/∂gh · W_hhᵀ.
                sgemm(m: hi - lo, n: n, k: g3, a: dhStep, aRowStride: g3, aColStride: 1,
                      b: recurrentT, c: dh + lo * n, ldc: n, accumulate: true, threads: 1)
            }
        }
    }
}
