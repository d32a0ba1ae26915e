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
    withWholeVectors(rows: rows, n: n, p) { r, row, width in
        let l = softmaxRow(row, width: width, valid: n, scale: 1)
        logNormalizers?[r] = l
    }
}

/// Row i of an n×n score matrix becomes softmax(scale · row) over its
/// first `i + 1` entries and 0 after them when causal (over all n if not),
/// in place.
public func maskedSoftmaxRows(n: Int, scale: Float, causal: Bool, _ p: UnsafeMutablePointer<Float>) {
    guard n > 0 else { return }
    withWholeVectors(rows: n, n: n, p) { i, row, width in _ = softmaxRow(row, width: width, valid: causal ? i + 1 : n, scale: scale) }
}

/// body(r, row, width) for each row of n floats at p, where the row holds a
/// whole number of 16-float vectors (`width`, a multiple of 16, ≥ n): the row
/// itself when n is a multiple of 16, else a copy padded with zeros that is
/// copied back after. A short tail loaded and stored lane by lane (a 62-class
/// cross-entropy's rows) made the compiler split the whole row's vector code
/// into 4-lane pieces and call memcpy for every tail.
@inline(__always) private func withWholeVectors(rows: Int, n: Int, _ p: UnsafeMutablePointer<Float>,
                                                _ body: (Int, UnsafeMutablePointer<Float>, Int) -> Void) {
    if n % 16 == 0 {
        for r in 0..<rows { body(r, p + r * n, n) }
        return
    }
    let width = (n + 15) / 16 * 16
    let padded = UnsafeMutablePointer<Float>.allocate(capacity: width)
    defer { padded.deallocate() }
    padded.initialize(repeating: 0, count: width)
    for r in 0..<rows {
        padded.update(from: p + r * n, count: n)
        body(r, padded, width)
        (p + r * n).update(from: padded, count: n)
    }
}

/// One row of `width` (a multiple of 16) values: softmax(scale · x) over the
/// first `valid` of them and 0 after; returns log Σ e^(scale·x) over those.
/// Only the one vector that holds the row's last valid entry is masked (masks
/// on every vector went through the mask registers in 4-lane pieces); the
/// vectors after it are zeros.
@inline(__always) private func softmaxRow(_ row: UnsafeMutablePointer<Float>, width: Int, valid: Int, scale: Float) -> Float {
    let whole = valid / 16 * 16
    let edge = whole < valid ? Lanes.pastEnd(valid - whole) : nil
    var m = Lanes(repeating: -.infinity)
    var j = 0
    while j < whole {
        m = lanewiseMax(m, load16(row + j) * scale)
        j += 16
    }
    if let edge { m = lanewiseMax(m, select(edge, Lanes(repeating: -.infinity), else: load16(row + whole) * scale)) }
    let top = largest(m)
    var total = Lanes()
    j = 0
    while j < whole {
        let e = vexp(load16(row + j) * scale - top)
        store16(e, row + j, true)
        total += e
        j += 16
    }
    if let edge {
        let e = select(edge, Lanes(), else: vexp(load16(row + whole) * scale - top))
        store16(e, row + whole, true)
        total += e
        j += 16
    }
    while j < width {
        store16(Lanes(), row + j, true)
        j += 16
    }
    let sum = total.sum()
    j = 0
    while j < valid {
        store16(load16(row + j) / sum, row + j, true)
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
