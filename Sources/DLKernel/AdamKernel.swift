/// Adam's per-element update, compiled for the native CPU with SIMD vectors:
/// a model step touches every weight, and at toy sizes this loop costs as
/// much as the matrix products. The arithmetic follows PyTorch's
/// single-tensor Adam step by step.
public func adamUpdate(count n: Int, weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
                       firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
                       stepSize: Float, oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float,
                       biasCorrection2Root: Float, eps: Float, threads: Int = 1) {
    // Large tensors are split in two at a multiple of 16, so each element
    // takes the same path (and rounds the same) whatever the thread count.
    // Below ~32k weights the update takes a few microseconds, about what
    // handing half to the helper costs; the digits MLP's 8,192 ran no faster split.
    if threads > 1 && n >= 1 << 15 {
        // Four chunks at multiples of 16: a late helper takes fewer of them.
        let chunks = 4, size = (n / chunks) & ~15
        parallelChunks(chunks, threads: threads) { i in
            let start = i * size, count = i == chunks - 1 ? n - start : size
            adamUpdate(count: count, weights: w + start, gradients: g + start,
                       firstMoment: m + start, secondMoment: v + start,
                       stepSize: stepSize, oneMinusBeta1: oneMinusBeta1, beta2: beta2, oneMinusBeta2: oneMinusBeta2,
                       biasCorrection2Root: biasCorrection2Root, eps: eps)
        }
        return
    }
    // A weight whose gradient stays 0 (a pixel that is always blank) has its
    // moments decay by β each step into subnormal numbers, where every
    // operation is ~30× slower (measured: 39 vs 1.3 ns an element). Moments
    // below 1e-30 are flushed to zero; what they would add to a weight is
    // below 1e-25, far under float32's resolution of any weight.
    let tiny = SIMD16<Float>(repeating: 1e-30)
    @inline(__always) func step(_ gi: SIMD16<Float>, _ mi: inout SIMD16<Float>, _ vi: inout SIMD16<Float>, _ wi: inout SIMD16<Float>) {
        mi = mi + oneMinusBeta1 * (gi - mi)
        mi.replace(with: 0, where: (mi .< tiny) .& (mi .> -tiny))
        vi = vi * beta2 + oneMinusBeta2 * (gi * gi)
        vi.replace(with: 0, where: vi .< tiny)
        wi = wi + -stepSize * (mi / (sqrt16(vi) / biasCorrection2Root + eps))
    }
    var i = 0
    while i + 16 <= n {
        var mi = load16(m + i), vi = load16(v + i), wi = load16(w + i)
        step(load16(g + i), &mi, &vi, &wi)
        store16(mi, m + i, true); store16(vi, v + i, true); store16(wi, w + i, true)
        i += 16
    }
    // The tail goes through the same vector code, zero-padded, so every element rounds alike.
    let rest = n - i
    guard rest > 0 else { return }
    var gi = SIMD16<Float>(), mi = SIMD16<Float>(), vi = SIMD16<Float>(), wi = SIMD16<Float>()
    for k in 0..<rest { gi[k] = g[i + k]; mi[k] = m[i + k]; vi[k] = v[i + k]; wi[k] = w[i + k] }
    step(gi, &mi, &vi, &wi)
    for k in 0..<rest { m[i + k] = mi[k]; v[i + k] = vi[k]; w[i + k] = wi[k] }
}

/// Square roots of the lanes, correctly rounded (the hardware's vsqrtps), as
/// PyTorch's are. Swift's `squareRoot()` is a libm call guarded for errno;
/// DLKernel is built with -fno-math-errno (Package.swift), which lets this
/// lane loop become vector square roots.
@inline(__always) func sqrt16(_ x: SIMD16<Float>) -> SIMD16<Float> {
    var r = x
    for k in 0..<16 { r[k] = x[k].squareRoot() }
    return r
}
