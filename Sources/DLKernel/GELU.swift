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
    p = horner(p, t, -0.822_152_23)
    p = horner(p, t, 1.488_515_87)
    p = horner(p, t, -1.135_203_98)
    p = horner(p, t, 0.278_868_07)
    p = horner(p, t, -0.186_288_06)
    p = horner(p, t, 0.096_784_18)
    p = horner(p, t, 0.374_091_96)
    p = horner(p, t, 1.000_023_68)
    p = horner(p, t, -1.265_512_23)
    let tail = t * vexp(p - a * a)
    let erfc = select(z .< 0, 2 - tail, else: tail)
    // Below x ≈ −13 the tail is subnormal: 0, as in vexp.
    return select(erfc .< 2 * .leastNormalMagnitude, Lanes(), else: 0.5 * erfc)
}

/// y = x·Φ(x) for `count` values, split across `threads` when there are many.
public func geluForward(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, threads: Int = 1) {
    forEachRange(count, unit: 16, threads: count >= parallelElements ? threads : 1) { lo, hi in
        var i = lo
        while i < hi {
            let w = Swift.min(16, hi - i)
            let v = Lanes.load(x + i, w)
            (v * vnormalCDF(v)).store(y + i, w)
            i += 16
        }
    }
}

/// ∂L/∂x = ∂L/∂y·(Φ(x) + x·φ(x)), with Φ = y/x from the forward value
/// (near 0, where y/x loses digits, its tangent 1/2 + x·φ(0)).
public func geluBackward(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         up: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, threads: Int = 1) {
    let density: Float = 0.398_942_28
    forEachRange(count, unit: 16, threads: count >= parallelElements ? threads : 1) { lo, hi in
        var i = lo
        while i < hi {
            let w = Swift.min(16, hi - i)
            let v = Lanes.load(x + i, w)
            let near = (lanewiseMax(v, 0) - lanewiseMin(v, 0)) .<= 1e-3
            // Lanes near 0 (and the unused ones) divide by 1 and take the tangent instead.
            let cdf = select(near, 0.5 + v * density, else: Lanes.load(y + i, w) / select(near, Lanes(repeating: 1), else: v))
            let pdf = vexp(-0.5 * v * v) * density
            (Lanes.load(up + i, w) * (cdf + v * pdf)).store(dx + i, w)
            i += 16
        }
    }
}
