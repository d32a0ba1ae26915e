/// The exact GELU, x·Φ(x), and its derivative, 16 values per pass: erf from
/// the C library was a tenth of a GPT's training.

/// Φ(x) = erfc(−x/√2)/2, with erfc from its Chebyshev fit (Numerical
/// Recipes' erfcc, relative error below 1.2e-7 everywhere), so the far
/// negative tail keeps its digits where 1 + erf(x) would cancel.
@_transparent func vnormalCDF(_ x: Lanes) -> Lanes {
    let z = -x * 0.707_106_781_186_547_5
    let a = lanewiseMax(z, 0) - lanewiseMin(z, 0)
    let t = 1 / (1 + 0.5 * a)
    var p = Lanes(repeating: 0.170_872_77)
    p = p * t - 0.822_152_23
    p = p * t + 1.488_515_87
    p = p * t - 1.135_203_98
    p = p * t + 0.278_868_07
    p = p * t - 0.186_288_06
    p = p * t + 0.096_784_18
    p = p * t + 0.374_091_96
    p = p * t + 1.000_023_68
    p = p * t - 1.265_512_23
    let tail = t * vexp(p - a * a)
    let erfc = select(z .< 0, 2 - tail, else: tail)
    // Below x ≈ −13 the tail is subnormal: 0, as in vexp.
    return select(erfc .< 2 * .leastNormalMagnitude, Lanes(), else: 0.5 * erfc)
}

/// Below this many values a second thread costs more than it saves.
let parallelElements = 1 << 15

/// Splits 0..<count into pieces of whole 16-lane vectors, one `body(lo, hi)`
/// per piece, across `threads` when the work is large enough. Each value is
/// computed the same way wherever it lands, so the results do not depend on
/// the thread count.
func forEachPiece(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
    let vectors = (count + 15) / 16
    let parts = count >= parallelElements && threads > 1 ? Swift.min(2 * threads, vectors) : 1
    if parts <= 1 { body(0, count); return }
    parallelChunks(parts, threads: threads) { part in
        body(Swift.min(count, vectors * part / parts * 16), Swift.min(count, vectors * (part + 1) / parts * 16))
    }
}

/// Pointers for the pieces of an elementwise kernel.
// @unchecked: each piece reads shared inputs and writes its own range.
struct Buffers: @unchecked Sendable {
    let a, b, c, d: UnsafeMutablePointer<Float>?
}

/// y = x·Φ(x) for `count` values.
public func geluForward(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int = 1) {
    let io = Buffers(a: UnsafeMutablePointer(mutating: x), b: y, c: nil, d: nil)
    forEachPiece(count, threads: threads) { lo, hi in geluForwardRange(lo, hi, io.a!, io.b!) }
}

private func geluForwardRange(_ lo: Int, _ count: Int, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    var i = lo
    while i < count {
        let w = Swift.min(16, count - i)
        let v = Lanes.load(x + i, w)
        (v * vnormalCDF(v)).store(y + i, w)
        i += 16
    }
}

/// ∂L/∂x = ∂L/∂y·(Φ(x) + x·φ(x)), with Φ = y/x from the forward value
/// (near 0, where y/x loses digits, its tangent 1/2 + x·φ(0)).
public func geluBackward(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         up: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, threads: Int = 1) {
    let io = Buffers(a: UnsafeMutablePointer(mutating: x), b: UnsafeMutablePointer(mutating: y),
                     c: UnsafeMutablePointer(mutating: up), d: dx)
    forEachPiece(count, threads: threads) { lo, hi in geluBackwardRange(lo, hi, io.a!, io.b!, io.c!, io.d!) }
}

private func geluBackwardRange(_ lo: Int, _ count: Int, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                               _ up: UnsafeMutablePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
    let density: Float = 0.398_942_28
    var i = lo
    while i < count {
        let w = Swift.min(16, count - i)
        let v = Lanes.load(x + i, w)
        let near = (lanewiseMax(v, 0) - lanewiseMin(v, 0)) .<= 1e-3
        // Lanes near 0 (and the unused ones) divide by 1 and take the tangent instead.
        let cdf = select(near, 0.5 + v * density, else: Lanes.load(y + i, w) / select(near, Lanes(repeating: 1), else: v))
        let pdf = vexp(-0.5 * v * v) * density
        (Lanes.load(up + i, w) * (cdf + v * pdf)).store(dx + i, w)
        i += 16
    }
}
