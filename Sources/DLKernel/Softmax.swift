/// Softmax along contiguous rows, 16 values per pass: attention takes one
/// over every row of its scores, and the scalar expf loop was a twelfth of
/// a GPT's training.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each of `rows` rows of n values at p becomes e^(x − max) / Σ e^(x − max),
/// in place. With `logNormalizers`, row r's log Σ eˣ (max + log Σ e^(x − max))
/// is written there, for a cross-entropy that stays finite however small a
/// probability underflows to.
public func softmaxRows(rows: Int, n: Int, _ p: UnsafeMutablePointer<Float>,
                        logNormalizers: UnsafeMutablePointer<Float>? = nil) {
    guard n > 0 else { return }
    for r in 0..<rows {
        let l = softmaxRow(p + r * n, n: n, valid: n, scale: 1)
        logNormalizers?[r] = l
    }
}

/// Row i of an n×n score matrix becomes softmax(scale · row) over its
/// first `i + 1` entries and 0 after them when causal (over all n if not),
/// in place.
public func maskedSoftmaxRows(n: Int, scale: Float, causal: Bool, _ p: UnsafeMutablePointer<Float>) {
    for i in 0..<n { _ = softmaxRow(p + i * n, n: n, valid: causal ? i + 1 : n, scale: scale) }
}

/// One row of n values: softmax(scale · x) over the first `valid` of them
/// and 0 after; returns log Σ e^(scale·x) over those. The hidden entries are
/// masked lane by lane within whole vectors rather than cut off, so a row's
/// end is no short tail.
@inline(__always) private func softmaxRow(_ row: UnsafeMutablePointer<Float>, n: Int, valid: Int, scale: Float) -> Float {
    var m = Lanes(repeating: -.infinity)
    var j = 0
    while j < valid {
        let w = Swift.min(16, n - j)
        let v = select(Lanes.pastEnd(Swift.min(w, valid - j)), Lanes(repeating: -.infinity), else: Lanes.load(row + j, w) * scale)
        m = lanewiseMax(m, v)
        j += 16
    }
    let top = largest(m)
    var total = Lanes()
    j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        var e = Lanes()
        if j < valid {
            e = select(Lanes.pastEnd(Swift.min(w, valid - j)), Lanes(), else: vexp(Lanes.load(row + j, w) * scale - top))
        }
        e.store(row + j, w)
        total += e
        j += 16
    }
    let sum = total.sum()
    j = 0
    while j < valid {
        let w = Swift.min(16, n - j)
        (Lanes.load(row + j, w) / sum).store(row + j, w)
        j += 16
    }
    return top + logf(sum)
}

/// ∂L/∂x = y ⊙ (∂L/∂y − Σ ∂L/∂y ⊙ y), row by row, times `scale` (for a
/// softmax of scaled scores).
public func softmaxBackwardRows(rows: Int, n: Int, y: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, scale: Float = 1) {
    guard n > 0 else { return }
    for r in 0..<rows {
        let yr = y + r * n, ur = up + r * n, dr = dx + r * n
        let dot = laneSum(n) { j, w in Lanes.load(yr + j, w) * Lanes.load(ur + j, w) }
        var j = 0
        while j < n {
            let w = Swift.min(16, n - j)
            (Lanes.load(yr + j, w) * (Lanes.load(ur + j, w) - dot) * scale).store(dr + j, w)
            j += 16
        }
    }
}
