// The 8 x 32 kernels for 32 zmm registers (see MicroKernel.swift).
#if KERNEL_AVX512

/// C[0..<MR, 0..<NR] (+)= A * Bpanel (+ bias). A(i, p) is at a[i · aRow + p · aStep]:
/// a packed panel (aRow 1, aStep MR), or A itself when its rows (aStep 1) or
/// its columns (aRow 1) are contiguous, which saves packing it. Bpanel holds NR
/// floats per k step. Sums start from zero and are added to C once at the end, so
/// every tile (full or edge, any thread, packed or not) rounds identically. `bias`
/// (NR floats, or nil) is added after the product, as a separate `+ bias` would round.
func microKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aStep: Int, _ b: UnsafePointer<Float>,
                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                 bias: UnsafePointer<Float>? = nil) {
    prefetchTile(c, ldc, rows: 8, width: 32)
    var c0_0 = SIMD16<Float>(), c0_1 = SIMD16<Float>()
    var c1_0 = SIMD16<Float>(), c1_1 = SIMD16<Float>()
    var c2_0 = SIMD16<Float>(), c2_1 = SIMD16<Float>()
    var c3_0 = SIMD16<Float>(), c3_1 = SIMD16<Float>()
    var c4_0 = SIMD16<Float>(), c4_1 = SIMD16<Float>()
    var c5_0 = SIMD16<Float>(), c5_1 = SIMD16<Float>()
    var c6_0 = SIMD16<Float>(), c6_1 = SIMD16<Float>()
    var c7_0 = SIMD16<Float>(), c7_1 = SIMD16<Float>()
    // One pointer per row, all moved by aStep: the same loop for every layout of A.
    var a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow
    var a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow
    var bp = b
    for _ in 0..<kc {
        let b0 = load16(bp + 0); let b1 = load16(bp + 16)
        do { let s = SIMD16<Float>(repeating: a0[0]); c0_0 = c0_0.addingProduct(s, b0); c0_1 = c0_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a1[0]); c1_0 = c1_0.addingProduct(s, b0); c1_1 = c1_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a2[0]); c2_0 = c2_0.addingProduct(s, b0); c2_1 = c2_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a3[0]); c3_0 = c3_0.addingProduct(s, b0); c3_1 = c3_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a4[0]); c4_0 = c4_0.addingProduct(s, b0); c4_1 = c4_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a5[0]); c5_0 = c5_0.addingProduct(s, b0); c5_1 = c5_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a6[0]); c6_0 = c6_0.addingProduct(s, b0); c6_1 = c6_1.addingProduct(s, b1) }
        do { let s = SIMD16<Float>(repeating: a7[0]); c7_0 = c7_0.addingProduct(s, b0); c7_1 = c7_1.addingProduct(s, b1) }
        a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep; a4 += aStep; a5 += aStep; a6 += aStep; a7 += aStep
        bp += 32
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

/// The first 16 columns (halfNR) of the tile above, in 8 accumulators: for panels of at
/// most 16 columns (an attention head's width), which the full kernel computed
/// at twice the work and copied out of a scratch tile. Each lane's sums are
/// the full kernel's, so the two give the same bits.
func microKernelHalf(_ kc: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aStep: Int, _ b: UnsafePointer<Float>,
                     _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                     bias: UnsafePointer<Float>? = nil) {
    var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
    var c4 = SIMD16<Float>(), c5 = SIMD16<Float>(), c6 = SIMD16<Float>(), c7 = SIMD16<Float>()
    var a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow
    var a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow
    var bp = b
    for _ in 0..<kc {
        let b0 = load16(bp)
        c0 = c0.addingProduct(SIMD16(repeating: a0[0]), b0); c1 = c1.addingProduct(SIMD16(repeating: a1[0]), b0)
        c2 = c2.addingProduct(SIMD16(repeating: a2[0]), b0); c3 = c3.addingProduct(SIMD16(repeating: a3[0]), b0)
        c4 = c4.addingProduct(SIMD16(repeating: a4[0]), b0); c5 = c5.addingProduct(SIMD16(repeating: a5[0]), b0)
        c6 = c6.addingProduct(SIMD16(repeating: a6[0]), b0); c7 = c7.addingProduct(SIMD16(repeating: a7[0]), b0)
        a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep; a4 += aStep; a5 += aStep; a6 += aStep; a7 += aStep
        bp += NR
    }
    guard let bias else {
        store16(c0, c + 0 * ldc, overwrite); store16(c1, c + 1 * ldc, overwrite)
        store16(c2, c + 2 * ldc, overwrite); store16(c3, c + 3 * ldc, overwrite)
        store16(c4, c + 4 * ldc, overwrite); store16(c5, c + 5 * ldc, overwrite)
        store16(c6, c + 6 * ldc, overwrite); store16(c7, c + 7 * ldc, overwrite)
        return
    }
    let d = load16(bias)
    store16(c0, d, c + 0 * ldc, overwrite); store16(c1, d, c + 1 * ldc, overwrite)
    store16(c2, d, c + 2 * ldc, overwrite); store16(c3, d, c + 3 * ldc, overwrite)
    store16(c4, d, c + 4 * ldc, overwrite); store16(c5, d, c + 5 * ldc, overwrite)
    store16(c6, d, c + 6 * ldc, overwrite); store16(c7, d, c + 7 * ldc, overwrite)
}

/// The AVX2 build's kernel for a last panel of few rows (MicroKernel256.swift).
/// AVX-512's 8-row panels divide the usual batch sizes, so its edge tiles go
/// through the scratch tile.
@inline(__always) func shortPanel(_ rows: Int, _ cols: Int, _ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool,
                                  bias: UnsafePointer<Float>?) -> Bool {
    false
}

/// The AVX2 build's split of a 6-row sweep's last 8 rows (MicroKernel256.swift);
/// never called here, as 8-row panels leave no such tail.
@inline(__always) func fourRows(_ kc: Int, _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>,
                                _ a3: UnsafePointer<Float>, _ aStep: Int, _ b: UnsafePointer<Float>,
                                _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ overwrite: Bool, bias: UnsafePointer<Float>?) {
    preconditionFailure("fourRows: only the AVX2 kernel splits 6-row panels")
}
#endif
