/// Layer normalisation's row work, 16 features per pass: built here, with
/// native code generation, because a transformer normalises every token
/// twice per block and its nine small ops were a fifth of a GPT's training.

/// Normalises each of `rows` rows of d values: y = x̂·γ + β with
/// x̂ = (x − mean)/√(var + eps). Keeps x̂ and 1/√(var + eps) for the way back.
public func layerNormForward(rows: Int, d: Int, x: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                             beta: UnsafePointer<Float>, eps: Float, y: UnsafeMutablePointer<Float>,
                             normalized: UnsafeMutablePointer<Float>, invStd: UnsafeMutablePointer<Float>,
                             threads: Int = 1) {
    guard d > 0 else { return }
    let io = RowBuffers(x: x, gamma: gamma, beta: beta, y: y, normalized: normalized, invStd: invStd)
    forEachRowRange(rows, d, threads: threads) { lo, hi in
        layerNormForwardRows(lo, hi, d, io.x, io.gamma, io.beta, eps, io.y, io.normalized, io.invStd)
    }
}

private func layerNormForwardRows(_ lo: Int, _ hi: Int, _ d: Int, _ x: UnsafePointer<Float>, _ gamma: UnsafePointer<Float>,
                                  _ beta: UnsafePointer<Float>, _ eps: Float, _ y: UnsafeMutablePointer<Float>,
                                  _ normalized: UnsafeMutablePointer<Float>, _ invStd: UnsafeMutablePointer<Float>) {
    for r in lo..<hi {
        let xr = x + r * d, yr = y + r * d, nr = normalized + r * d
        let mean = laneSum(d) { Lanes.load(xr + $0, $1) } / Float(d)
        let variance = laneSum(d) { j, w in
            let c = Lanes.load(xr + j, w) - mean
            return select(Lanes.pastEnd(w), Lanes(), else: c * c)
        } / Float(d)
        let inv = 1 / (variance + eps).squareRoot()
        invStd[r] = inv
        var j = 0
        while j < d {
            let w = Swift.min(16, d - j)
            let n = (Lanes.load(xr + j, w) - mean) * inv
            n.store(nr + j, w)
            (n * Lanes.load(gamma + j, w) + Lanes.load(beta + j, w)).store(yr + j, w)
            j += 16
        }
    }
}

/// The way back: with g = ∂L/∂y ⊙ γ, ∂L/∂x = (g − mean(g) − x̂·mean(g ⊙ x̂)) / σ.
/// ∂L/∂γ and ∂L/∂β are added into `dGamma` and `dBeta` (sums over rows), when given.
public func layerNormBackward(rows: Int, d: Int, up: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                              normalized: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                              dx: UnsafeMutablePointer<Float>?, dGamma: UnsafeMutablePointer<Float>?,
                              dBeta: UnsafeMutablePointer<Float>?, threads: Int = 1) {
    guard d > 0 else { return }
    if let dGamma, let dBeta {
        // Summed over rows in order, on one thread, so the sums do not depend on the thread count.
        for r in 0..<rows {
            let ur = up + r * d, nr = normalized + r * d
            var j = 0
            while j < d {
                let w = Swift.min(16, d - j)
                let u = Lanes.load(ur + j, w)
                (Lanes.load(dGamma + j, w) + u * Lanes.load(nr + j, w)).store(dGamma + j, w)
                (Lanes.load(dBeta + j, w) + u).store(dBeta + j, w)
                j += 16
            }
        }
    }
    guard let dx else { return }
    let io = BackwardRows(up: up, gamma: gamma, normalized: normalized, invStd: invStd, dx: dx)
    forEachRowRange(rows, d, threads: threads) { lo, hi in
        for r in lo..<hi {
            let ur = io.up + r * d, nr = io.normalized + r * d, gamma = io.gamma
            let meanG = laneSum(d) { j, w in Lanes.load(ur + j, w) * Lanes.load(gamma + j, w) } / Float(d)
            let meanGN = laneSum(d) { j, w in Lanes.load(ur + j, w) * Lanes.load(gamma + j, w) * Lanes.load(nr + j, w) } / Float(d)
            let inv = io.invStd[r], dr = io.dx + r * d
            var j = 0
            while j < d {
                let w = Swift.min(16, d - j)
                let g = Lanes.load(ur + j, w) * Lanes.load(gamma + j, w)
                ((g - meanG - Lanes.load(nr + j, w) * meanGN) * inv).store(dr + j, w)
                j += 16
            }
        }
    }
}

/// The pointers a layer norm's row ranges share.
// @unchecked: each range reads the shared inputs and writes its own rows.
private struct RowBuffers: @unchecked Sendable {
    let x, gamma, beta: UnsafePointer<Float>
    let y, normalized, invStd: UnsafeMutablePointer<Float>
}

// @unchecked: as RowBuffers.
private struct BackwardRows: @unchecked Sendable {
    let up, gamma, normalized, invStd: UnsafePointer<Float>
    let dx: UnsafeMutablePointer<Float>
}

/// Rows lo..<hi in pieces across `threads` when rows · d is large enough.
private func forEachRowRange(_ rows: Int, _ d: Int, threads: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
    let parts = rows * d >= parallelElements && threads > 1 ? Swift.min(2 * threads, rows) : 1
    if parts <= 1 { body(0, rows); return }
    parallelChunks(parts, threads: threads) { part in body(rows * part / parts, rows * (part + 1) / parts) }
}

/// Σ over j < d of the lanes `part(j, width)` returns (unused lanes must be zero).
@inline(__always) func laneSum(_ d: Int, _ part: (Int, Int) -> Lanes) -> Float {
    var acc = Lanes()
    var j = 0
    while j < d {
        acc += part(j, Swift.min(16, d - j))
        j += 16
    }
    return acc.sum()
}

extension SIMD16 where Scalar == Float {
    /// True in the lanes at and after `count`, by one comparison (setting a
    /// mask's lanes one at a time was most of a softmax).
    @_transparent static func pastEnd(_ count: Int) -> SIMDMask<SIMD16<Int32>> {
        SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .>= SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: count))
    }
}
