// The 6 x 16 kernels for 16 ymm registers (see MicroKernel.swift): 12
// accumulators, the k step's two vectors of B and one broadcast of A make 15.
#if !KERNEL_AVX512

/// C[0..<MR, 0..<NR] (+)= A * Bpanel (+ bias). A(i, p) is at a[i · aRow + p · aStep]:
/// a packed panel (aRow 1, aStep MR), or A itself when its rows (aStep 1) or
/// its columns (aRow 1) are contiguous, which saves packing it. Bpanel holds NR
/// floats per k step. Sums start from zero and are added to C once at the end, so
/// every tile (full or edge, any thread, packed or not) rounds identically. `bias`
/// (NR floats, or nil) is added after the product, as a separate `+ bias` would round.
func microKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aStep: Int, _ b: UnsafePointer<Float>,
                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                 bias: UnsafePointer<Float>? = nil) {
    prefetchTile(c, ldc, rows: 6, width: 16)
    var c0_0 = SIMD8<Float>(), c0_1 = SIMD8<Float>()
    var c1_0 = SIMD8<Float>(), c1_1 = SIMD8<Float>()
    var c2_0 = SIMD8<Float>(), c2_1 = SIMD8<Float>()
    var c3_0 = SIMD8<Float>(), c3_1 = SIMD8<Float>()
    var c4_0 = SIMD8<Float>(), c4_1 = SIMD8<Float>()
    var c5_0 = SIMD8<Float>(), c5_1 = SIMD8<Float>()
    // One pointer per row, all moved by aStep: the same loop for every layout of A.
    var a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow, a4 = a + 4 * aRow, a5 = a + 5 * aRow
    var bp = b
    for _ in 0..<kc {
        let b0 = load8(bp + 0); let b1 = load8(bp + 8)
        do { let s = SIMD8<Float>(repeating: a0[0]); c0_0 = c0_0.addingProduct(s, b0); c0_1 = c0_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a1[0]); c1_0 = c1_0.addingProduct(s, b0); c1_1 = c1_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a2[0]); c2_0 = c2_0.addingProduct(s, b0); c2_1 = c2_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a3[0]); c3_0 = c3_0.addingProduct(s, b0); c3_1 = c3_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a4[0]); c4_0 = c4_0.addingProduct(s, b0); c4_1 = c4_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a5[0]); c5_0 = c5_0.addingProduct(s, b0); c5_1 = c5_1.addingProduct(s, b1) }
        a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep; a4 += aStep; a5 += aStep
        bp += 16
    }
    guard let bias else {
        store8(c0_0, c + 0 * ldc + 0, overwrite); store8(c0_1, c + 0 * ldc + 8, overwrite)
        store8(c1_0, c + 1 * ldc + 0, overwrite); store8(c1_1, c + 1 * ldc + 8, overwrite)
        store8(c2_0, c + 2 * ldc + 0, overwrite); store8(c2_1, c + 2 * ldc + 8, overwrite)
        store8(c3_0, c + 3 * ldc + 0, overwrite); store8(c3_1, c + 3 * ldc + 8, overwrite)
        store8(c4_0, c + 4 * ldc + 0, overwrite); store8(c4_1, c + 4 * ldc + 8, overwrite)
        store8(c5_0, c + 5 * ldc + 0, overwrite); store8(c5_1, c + 5 * ldc + 8, overwrite)
        return
    }
    let d0 = load8(bias), d1 = load8(bias + 8)
    store8(c0_0, d0, c + 0 * ldc + 0, overwrite); store8(c0_1, d1, c + 0 * ldc + 8, overwrite)
    store8(c1_0, d0, c + 1 * ldc + 0, overwrite); store8(c1_1, d1, c + 1 * ldc + 8, overwrite)
    store8(c2_0, d0, c + 2 * ldc + 0, overwrite); store8(c2_1, d1, c + 2 * ldc + 8, overwrite)
    store8(c3_0, d0, c + 3 * ldc + 0, overwrite); store8(c3_1, d1, c + 3 * ldc + 8, overwrite)
    store8(c4_0, d0, c + 4 * ldc + 0, overwrite); store8(c4_1, d1, c + 4 * ldc + 8, overwrite)
    store8(c5_0, d0, c + 5 * ldc + 0, overwrite); store8(c5_1, d1, c + 5 * ldc + 8, overwrite)
}

/// The first 8 columns (halfNR) of the tile above, in 6 accumulators, for
/// panels of at most 8 columns. Each lane's sums are the full kernel's, so the
/// two give the same bits.
func microKernelHalf(_ kc: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aStep: Int, _ b: UnsafePointer<Float>,
                     _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                     bias: UnsafePointer<Float>? = nil) {
    var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>()
    var c3 = SIMD8<Float>(), c4 = SIMD8<Float>(), c5 = SIMD8<Float>()
    var a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow, a4 = a + 4 * aRow, a5 = a + 5 * aRow
    var bp = b
    for _ in 0..<kc {
        let b0 = load8(bp)
        c0 = c0.addingProduct(SIMD8(repeating: a0[0]), b0); c1 = c1.addingProduct(SIMD8(repeating: a1[0]), b0)
        c2 = c2.addingProduct(SIMD8(repeating: a2[0]), b0); c3 = c3.addingProduct(SIMD8(repeating: a3[0]), b0)
        c4 = c4.addingProduct(SIMD8(repeating: a4[0]), b0); c5 = c5.addingProduct(SIMD8(repeating: a5[0]), b0)
        a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep; a4 += aStep; a5 += aStep
        bp += NR
    }
    guard let bias else {
        store8(c0, c + 0 * ldc, overwrite); store8(c1, c + 1 * ldc, overwrite); store8(c2, c + 2 * ldc, overwrite)
        store8(c3, c + 3 * ldc, overwrite); store8(c4, c + 4 * ldc, overwrite); store8(c5, c + 5 * ldc, overwrite)
        return
    }
    let d = load8(bias)
    store8(c0, d, c + 0 * ldc, overwrite); store8(c1, d, c + 1 * ldc, overwrite); store8(c2, d, c + 2 * ldc, overwrite)
    store8(c3, d, c + 3 * ldc, overwrite); store8(c4, d, c + 4 * ldc, overwrite); store8(c5, d, c + 5 * ldc, overwrite)
}
/// Four rows of the full tile, each read through its own pointer (all moved by
/// aStep), the first `rows` of them stored straight into C. Two uses:
/// - the last 8 rows of a panel sweep whose rows leave 2 after the 6-row
///   panels (32 sequences: 24 + 8) run as two of these instead of a 6-row
///   panel and a 2-row one, which cost this kernel's time for 2 rows (its 8
///   chains are latency-bound either way): 32 cycles per k step for 32 rows
///   instead of 34. The row pointers let a 4-row panel start inside a packed
///   6-row panel;
/// - a last panel of 1 to 4 rows (64 steps leave 4), from the zero-padded
///   packed panel, which the full kernel computed at 6 rows' cost into a
///   scratch tile and copied.
/// Each element's sums are the full kernel's.
func microKernel4(_ kc: Int, _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>,
                  _ a3: UnsafePointer<Float>, _ aStep: Int, _ b: UnsafePointer<Float>,
                  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                  bias: UnsafePointer<Float>?, rows: Int = 4) {
    prefetchTile(c, ldc, rows: rows, width: 16)
    var c0_0 = SIMD8<Float>(), c0_1 = SIMD8<Float>(), c1_0 = SIMD8<Float>(), c1_1 = SIMD8<Float>()
    var c2_0 = SIMD8<Float>(), c2_1 = SIMD8<Float>(), c3_0 = SIMD8<Float>(), c3_1 = SIMD8<Float>()
    var a0 = a0, a1 = a1, a2 = a2, a3 = a3, bp = b
    for _ in 0..<kc {
        let b0 = load8(bp + 0); let b1 = load8(bp + 8)
        do { let s = SIMD8<Float>(repeating: a0[0]); c0_0 = c0_0.addingProduct(s, b0); c0_1 = c0_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a1[0]); c1_0 = c1_0.addingProduct(s, b0); c1_1 = c1_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a2[0]); c2_0 = c2_0.addingProduct(s, b0); c2_1 = c2_1.addingProduct(s, b1) }
        do { let s = SIMD8<Float>(repeating: a3[0]); c3_0 = c3_0.addingProduct(s, b0); c3_1 = c3_1.addingProduct(s, b1) }
        a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep
        bp += 16
    }
    let d0 = bias.map { load8($0) }, d1 = bias.map { load8($0 + 8) }
    @inline(__always) func put(_ v0: SIMD8<Float>, _ v1: SIMD8<Float>, _ row: UnsafeMutablePointer<Float>) {
        if let d0, let d1 {
            store8(v0, d0, row, overwrite); store8(v1, d1, row + 8, overwrite)
        } else {
            store8(v0, row, overwrite); store8(v1, row + 8, overwrite)
        }
    }
    put(c0_0, c0_1, c)
    if rows > 1 { put(c1_0, c1_1, c + ldc) }
    if rows > 2 { put(c2_0, c2_1, c + 2 * ldc) }
    if rows > 3 { put(c3_0, c3_1, c + 3 * ldc) }
}

/// Four rows through microKernel4 (the AVX-512 build has no such split).
@inline(__always) func fourRows(_ kc: Int, _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>,
                                _ a3: UnsafePointer<Float>, _ aStep: Int, _ b: UnsafePointer<Float>,
                                _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool, bias: UnsafePointer<Float>?) {
    microKernel4(kc, a0, a1, a2, a3, aStep, b, c, ldc, overwrite, bias: bias)
}

/// A last panel of at most 4 rows and a whole NR columns, from its packed
/// panel (aStep MR), by microKernel4; false (nothing done) for any other edge tile.
@inline(__always) func shortPanel(_ rows: Int, _ cols: Int, _ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                                  bias: UnsafePointer<Float>?) -> Bool {
    guard rows <= 4 && cols == NR else { return false }
    microKernel4(kc, a, a + 1, a + 2, a + 3, MR, b, c, ldc, overwrite, bias: bias, rows: rows)
    return true
}
#endif
