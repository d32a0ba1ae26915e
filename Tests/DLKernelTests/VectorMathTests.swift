@testable import DLKernel
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The 16-lane exp, σ and tanh against the C library in double precision,
/// on a dense sweep and at the ends where they saturate.
@Suite struct VectorMathTests {
    /// Every 16th float-ish step over [lo, hi], sixteen lanes at a time.
    func sweep(_ lo: Float, _ hi: Float, _ body: (Lanes) -> Void) {
        let count = 40_000
        for start in stride(from: 0, to: count, by: 16) {
            var v = Lanes()
            for k in 0..<16 { v[k] = lo + (hi - lo) * Float(start + k) / Float(count) }
            body(v)
        }
    }

    @Test func expIsWithinAFewUlpOfLibm() {
        var worst = 0.0
        sweep(-87, 87) { x in
            let y = vexp(x)
            for k in 0..<16 { worst = Swift.max(worst, Swift.abs(Double(y[k]) / Foundation_exp(Double(x[k])) - 1)) }
        }
        #expect(worst < 4e-7, "worst relative error \(worst)")
    }

    @Test func sigmoidAndTanhAreWithinAFewUlpOfLibm() {
        var worstS = 0.0, worstT = 0.0
        sweep(-20, 20) { x in
            let s = vsigmoid(x), t = vtanh(x)
            for k in 0..<16 {
                let xs = Double(x[k])
                worstS = Swift.max(worstS, Swift.abs(Double(s[k]) - 1 / (1 + Foundation_exp(-xs))))
                let exact = Foundation_tanh(xs)
                worstT = Swift.max(worstT, Swift.abs(Double(t[k]) - exact) / Swift.max(Swift.abs(exact), 1e-30))
            }
        }
        #expect(worstS < 2e-7, "σ: worst absolute error \(worstS)")
        #expect(worstT < 5e-7, "tanh: worst relative error \(worstT)")
    }

    @Test func normalCDFKeepsItsDigitsInBothTails() {
        // Relative error, so the negative tail (where 1 + erf would cancel)
        // counts as much as the middle. Further out, x² itself carries a
        // float's rounding into e^(−x²/2), and the bound grows with it (at
        // x = −5, where Φ is 3e-7, 2e-6 of Φ is 6e-13).
        for (lo, hi, bound) in [(Float(-2), Float(8), 8e-7), (-5, -2, 3e-6), (-12, -5, 4e-5)] {
            var worst = 0.0
            sweep(lo, hi) { x in
                let p = vnormalCDF(x)
                for k in 0..<16 {
                    let exact = 0.5 * erfc(-Double(x[k]) / 2.0.squareRoot())
                    worst = Swift.max(worst, Swift.abs(Double(p[k]) - exact) / exact)
                }
            }
            #expect(worst < bound, "Φ on [\(lo), \(hi)]: worst relative error \(worst)")
        }
    }

    @Test func nothingIsSubnormal() {
        // Arithmetic on subnormals is many times slower: a softmax over masked
        // scores once made every product after it crawl.
        sweep(-1000, 200) { x in
            for v in [vexp(x), vsigmoid(x), vtanh(x), vnormalCDF(x), x * vnormalCDF(x)] {
                for k in 0..<16 { #expect(!v[k].isSubnormal, "\(x[k])") }
            }
        }
        #expect(vexp(Lanes(repeating: -87.5))[0] == 0)
    }

    @Test func theEndsSaturateWithoutInfinityOrNaN() {
        let x = Lanes(-1000, -100, -87.5, -30, -1e-30, 0, 1e-30, 30, 88.5, 100, 1000, -9.2, 9.2, 0.625, -0.625, 0.3)
        let e = vexp(x), s = vsigmoid(x), t = vtanh(x)
        for k in 0..<16 {
            #expect(e[k].isFinite && e[k] >= 0)
            #expect(s[k] >= 0 && s[k] <= 1)
            #expect(t[k] >= -1 && t[k] <= 1)
        }
        #expect(s[0] < 1e-37 && s[10] == 1 && t[0] == -1 && t[10] == 1)
        #expect(t[4] == -1e-30 && t[5] == 0 && t[6] == 1e-30, "tanh keeps tiny values and the sign")
        #expect(vexp(Lanes(repeating: 0))[0] == 1)
    }
}

private func Foundation_exp(_ x: Double) -> Double { exp(x) }
private func Foundation_tanh(_ x: Double) -> Double { tanh(x) }

/// Softmax rows against double precision, for widths that are whole vectors
/// and widths with a tail (which go through a padded copy), and a causal
/// score matrix whose hidden entries must come out exactly 0.
@Test(arguments: [1, 5, 16, 31, 62, 64])
func softmaxRowsMatchDoublePrecision(_ n: Int) {
    var rng = Rng(state: UInt64(n) * 977)
    let rows = 3
    let x = (0..<(rows * n)).map { _ in rng.next() * 6 }
    var y = x, logs = [Float](repeating: 0, count: rows)
    softmaxRows(rows: rows, n: n, &y, logNormalizers: &logs)
    for r in 0..<rows {
        let row = x[(r * n)..<((r + 1) * n)].map(Double.init)
        let top = row.max()!, total = row.reduce(0) { $0 + exp($1 - top) }
        for j in 0..<n {
            #expect(Swift.abs(Double(y[r * n + j]) - exp(row[j] - top) / total) < 1e-6, "row \(r), entry \(j) of \(n)")
        }
        #expect(Swift.abs(Double(logs[r]) - (top + log(total))) < 1e-5)
    }
    var scores = (0..<(n * n)).map { _ in rng.next() * 4 }
    let raw = scores
    maskedSoftmaxRows(n: n, scale: 0.5, causal: true, &scores)
    for i in 0..<n {
        let kept = (0...i).map { 0.5 * Double(raw[i * n + $0]) }
        let top = kept.max()!, total = kept.reduce(0) { $0 + exp($1 - top) }
        for j in 0..<n {
            let want = j <= i ? exp(0.5 * Double(raw[i * n + j]) - top) / total : 0
            #expect(j <= i ? Swift.abs(Double(scores[i * n + j]) - want) < 1e-6 : scores[i * n + j] == 0, "score row \(i), entry \(j) of \(n)")
        }
    }
}
