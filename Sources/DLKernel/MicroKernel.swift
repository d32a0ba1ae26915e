// Written out by hand for MR = 8, NR = 32 (16 zmm accumulators); another tile shape needs a new kernel.
/// Register-blocked tile: MR rows x NR columns of C live in 16 zmm accumulators.
let MR = 8
let NR = 32

@inline(__always) func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
    UnsafeMutableRawPointer(p).storeBytes(of: overwrite ? v : v + load16(p), as: SIMD16<Float>.self)
}

/// As above, then + bias: the two roundings of a product followed by a bias add.
@inline(__always) func store16(_ v: SIMD16<Float>, _ bias: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
    UnsafeMutableRawPointer(p).storeBytes(of: (overwrite ? v : v + load16(p)) + bias, as: SIMD16<Float>.self)
}

/// C[0..<MR, 0..<NR] (+)= Apanel * Bpanel (+ bias). Apanel holds MR floats per k step,
/// Bpanel NR. Sums start from zero and are added to C once at the end, so every tile
/// (full or edge, any thread) rounds identically. `bias` (NR floats, or nil) is added
/// after the product, as a separate `+ bias` would round.
func microKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                 bias: UnsafePointer<Float>? = nil) {
    var c0_0 = SIMD16<Float>(), c0_1 = SIMD16<Float>()
    var c1_0 = SIMD16<Float>(), c1_1 = SIMD16<Float>()
    var c2_0 = SIMD16<Float>(), c2_1 = SIMD16<Float>()
    var c3_0 = SIMD16<Float>(), c3_1 = SIMD16<Float>()
    var c4_0 = SIMD16<Float>(), c4_1 = SIMD16<Float>()
    var c5_0 = SIMD16<Float>(), c5_1 = SIMD16<Float>()
    var c6_0 = SIMD16<Float>(), c6_1 = SIMD16<Float>()
    var c7_0 = SIMD16<Float>(), c7_1 = SIMD16<Float>()
    var ap = a, bp = b
    for _ in 0..<kc {
        let b0 = load16(bp + 0); let b1 = load16(bp + 16)
        do { let s = SIMD16<Float>(repeating: ap[0]); c0_0 = c0_0.addingProduct(s, b0); c0_1 = c0_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[1]); c1_0 = c1_0.addingProduct(s, b0); c1_1 = c1_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[2]); c2_0 = c2_0.addingProduct(s, b0); c2_1 = c2_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[3]); c3_0 = c3_0.addingProduct(s, b0); c3_1 = c3_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[4]); c4_0 = c4_0.addingProduct(s, b0); c4_1 = c4_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[5]); c5_0 = c5_0.addingProduct(s, b0); c5_1 = c5_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[6]); c6_0 = c6_0.addingProduct(s, b0); c6_1 = c6_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: ap[7]); c7_0 = c7_0.addingProduct(s, b0); c7_1 = c7_1.addingProduct(s, b1) }
        ap += 8; bp += 32
    }
    guard let bias else {
        store16(c0_0, c + 0 * ldc + 0, overwrite); store16(c0_1, c + 0 * ldc + 16, overwrite)
        store16(c1_0, c + 1 * ldc + 0, overwrite); store16(c1_1, c + 1 * ldc + 16, overwrite)
        store16(c2_0, c + 2 * ldc + 0, overwrite); store16(c2_1, c + 2 * ldc + 16, overwrite)
        store16(c3_0, c + 3 * ldc + 0, overwrite); store16(c3_1, c + 3 * ldc + 16, overwrite)
        store16(c4_0, c + 4 * ldc + 0, overwrite); store16(c4_1, c + 4 * ldc + 16, overwrite)
        store16(c5_0, c + 5 * ldc + 0, overwrite); store16(c5_1, c + 5 * ldc + 16, overwrite)
        store16(c6_0, c + 6 * ldc + 0, overwrite); store16(c6_1, c + 6 * ldc + 16, overwrite)
        store16(c7_0, c + 7 * ldc + 0, overwrite); store16(c7_1, c + 7 * ldc + 16, overwrite)
        return
    }
    let d0 = load16(bias), d1 = load16(bias + 16)
    store16(c0_0, d0, c + 0 * ldc + 0, overwrite); store16(c0_1, d1, c + 0 * ldc + 16, overwrite)
    store16(c1_0, d0, c + 1 * ldc + 0, overwrite); store16(c1_1, d1, c + 1 * ldc + 16, overwrite)
    store16(c2_0, d0, c + 2 * ldc + 0, overwrite); store16(c2_1, d1, c + 2 * ldc + 16, overwrite)
    store16(c3_0, d0, c + 3 * ldc + 0, overwrite); store16(c3_1, d1, c + 3 * ldc + 16, overwrite)
    store16(c4_0, d0, c + 4 * ldc + 0, overwrite); store16(c4_1, d1, c + 4 * ldc + 16, overwrite)
    store16(c5_0, d0, c + 5 * ldc + 0, overwrite); store16(c5_1, d1, c + 5 * ldc + 16, overwrite)
    store16(c6_0, d0, c + 6 * ldc + 0, overwrite); store16(c6_1, d1, c + 6 * ldc + 16, overwrite)
    store16(c7_0, d0, c + 7 * ldc + 0, overwrite); store16(c7_1, d1, c + 7 * ldc + 16, overwrite)
}
