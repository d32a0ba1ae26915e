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
    forEachRange(rows, unit: 1, threads: rows * d >= parallelElements ? threads : 1) { lo, hi in
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
    forEachRange(rows, unit: 1, threads: rows * d >= parallelElements ? threads : 1) { lo, hi in
        for r in lo..<hi {
            let ur = up + r * d, nr = normalized + r * d
            let meanG = laneSum(d) { j, w in Lanes.load(ur + j, w) * Lanes.load(gamma + j, w) } / Float(d)
            let meanGN = laneSum(d) { j, w in Lanes.load(ur + j, w) * Lanes.load(gamma + j, w) * Lanes.load(nr + j, w) } / Float(d)
            let inv = invStd[r], dr = dx + r * d
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
