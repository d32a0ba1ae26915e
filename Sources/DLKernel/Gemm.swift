// Cache blocking (Zen 4: 32 KB L1d, 1 MB L2 per core): the KC x NR panel of B is
// reused from L1/L2 across all A panels of a block, the MC x KC block of A stays in
// L2, the KC x NC block of B in L2/L3. KC = 128, MC = 64..256, NC = 256..1024 and the
// other loop order all measured within noise of this choice.
// KC is the same for every ISA: it sets where a sum is rounded into C, so
// keeping it keeps the bits. MC is whole MR panels (8 or 6 rows): 128 or 144
// rows x KC is 128 or 144 KB of A, in the 512 KB L2 of AVX2's Zen 2 as in Zen 4's 1 MB.
let KC = 256
let MC = MR == 8 ? 128 : 144
let NC = 1024

/// Below this many multiply-adds, packing costs more than it saves.
let smallProduct = 16 * 16 * 16
/// Below this many multiply-adds, a second thread costs more than it saves.
let parallelProduct = 96 * 96 * 96

/// C[i, j] (+)= sum_p A[i, p] * B[p, j], row-major-ish with arbitrary strides so that transposes are free.
/// A element (i, p) is at a[i * aRowStride + p * aColStride]; B element (p, j) at b[p * bRowStride + j * bColStride];
/// C element (i, j) at c[i * ldc + j] (C is row-major with leading dimension ldc).
/// accumulate: false overwrites C, true adds into it.
/// bias (n floats, or nil) is then added to every row: C = A·B + bias rounds exactly
/// as the product followed by a separate add, without a second pass over C.
public func sgemm(m: Int, n: Int, k: Int,
                  a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                  b: UnsafePointer<Float>, bRowStride: Int, bColStride: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int,
                  accumulate: Bool, bias: UnsafePointer<Float>? = nil, threads: Int) {
    if m <= 0 || n <= 0 { return }
    if k <= 0 {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        if let bias { addRows(m, n, bias, c, ldc) }
        return
    }
    // Path choice depends on the shape only, never on `threads`, so results are
    // bit-identical for any thread count.
    let work = m * n * k
    if n == 1 || (work <= smallProduct && bColStride != 1) {
        smallDot(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate)
        if let bias { addRows(m, n, bias, c, ldc) }
        return
    }
    if work <= smallProduct {
        smallAxpy(m, n, k, a, aRowStride, aColStride, b, bRowStride, c, ldc, accumulate)
        if let bias { addRows(m, n, bias, c, ldc) }
        return
    }

    // Split C into blocks of whole MR rows, or of whole NR columns when B is
    // the larger operand: every part packs all of the other operand, so
    // splitting the rows of a wide product (a weight gradient, Aᵀ·dZ over
    // thousands of rows) packed its whole B once per part. Either way each
    // element's k sum is done by one thread in the same order as the
    // single-threaded code, so the results are the same.
    // Two chunks per thread, so a helper that starts late (its core busy)
    // takes fewer and the caller does the rest instead of waiting.
    let byColumns = n > m
    let panels = byColumns ? (n + NR - 1) / NR : (m + MR - 1) / MR
    let parts = work >= parallelProduct && threads > 1 ? max(1, min(2 * threads, panels)) : 1
    parallelChunks(parts, threads: threads) { part in
        let p0 = panels * part / parts, p1 = panels * (part + 1) / parts
        if byColumns {
            let j0 = p0 * NR, j1 = min(n, p1 * NR)
            blocked(m, j1 - j0, k, a, aRowStride, aColStride,
                    b + j0 * bColStride, bRowStride, bColStride, nil, c + j0, ldc, accumulate, bias.map { $0 + j0 })
        } else {
            let i0 = p0 * MR, i1 = min(m, p1 * MR)
            blocked(i1 - i0, n, k, a + i0 * aRowStride, aRowStride, aColStride,
                    b, bRowStride, bColStride, nil, c + i0 * ldc, ldc, accumulate, bias)
        }
    }
}

/// C (+)= A · B for a B packed beforehand, for the products that reuse one B
/// many times (a recurrent layer's W_hh at every step). Always the blocked
/// path, so the results are the same for any thread count.
public func sgemm(m: Int, n: Int, k: Int,
                  a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                  b packed: PackedB,
                  c: UnsafeMutablePointer<Float>, ldc: Int,
                  accumulate: Bool, threads: Int) {
    precondition(packed.k == k && packed.n == n, "sgemm: packed B is \(packed.k) x \(packed.n), not \(k) x \(n)")
    if m <= 0 || n <= 0 || k <= 0 {
        sgemm(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride, b: packed.data, bRowStride: 0, bColStride: 0,
              c: c, ldc: ldc, accumulate: accumulate, threads: threads)
        return
    }
    let panels = (m + MR - 1) / MR
    let parts = m * n * k >= parallelProduct && threads > 1 ? max(1, min(2 * threads, panels)) : 1
    parallelChunks(parts, threads: threads) { part in
        let p0 = panels * part / parts, p1 = panels * (part + 1) / parts
        let i0 = p0 * MR, i1 = min(m, p1 * MR)
        blocked(i1 - i0, n, k, a + i0 * aRowStride, aRowStride, aColStride,
                packed.data, 0, 0, packed, c + i0 * ldc, ldc, accumulate, nil)
    }
}

/// Goto-style loop nest on one thread: pack B block (unless `packed` holds it
/// already), pack A block, sweep micro-tiles. The bias goes in with the last k block.
private func blocked(_ m: Int, _ n: Int, _ k: Int,
                     _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
                     _ b: UnsafePointer<Float>, _ brs: Int, _ bcs: Int, _ packed: PackedB?,
                     _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool,
                     _ bias: UnsafePointer<Float>?) {
    let kcMax = min(KC, k)
    let mcMax = min(MC, (m + MR - 1) / MR * MR)
    let ncMax = min(NC, (n + NR - 1) / NR * NR)
    let aBuf = threadScratch(floats: mcMax * kcMax + kcMax * ncMax + MR * NR)
    let bBuf = aBuf + mcMax * kcMax
    let tile = bBuf + kcMax * ncMax
    // A is read in place unless the stride between what the kernel reads at
    // once (8 rows, or successive k steps of a transposed A) is a multiple of
    // 4 KB: those lines would share L1 sets and evict one another.
    let direct = (acs == 1 && ars % 1024 != 0) || (ars == 1 && acs % 1024 != 0)

    for jc in stride(from: 0, to: n, by: NC) {
        let nc = min(NC, n - jc)
        for pc in stride(from: 0, to: k, by: KC) {
            let kc = min(KC, k - pc)
            let overwrite = pc == 0 && !accumulate
            let blockBias = pc + kc == k ? bias.map { $0 + jc } : nil
            let bPanels: UnsafePointer<Float>
            if let packed {
                bPanels = packed.block(jc: jc, pc: pc)
            } else {
                packB(kc, nc, b + pc * brs + jc * bcs, brs, bcs, bBuf)
                bPanels = UnsafePointer(bBuf)
            }
            for ic in stride(from: 0, to: m, by: MC) {
                let mc = min(MC, m - ic)
                let ablock = a + ic * ars + pc * acs
                // Whole panels are read in place when A's rows or columns are
                // contiguous; only a last partial panel is packed (zero-padded).
                let whole = direct ? mc / MR * MR : 0
                // 6-row panels leaving 2 rows: the last 8 go as 4 + 4 (AVX2; see fourRows).
                let splitTail = MR == 6 && mc % MR == 2 && mc > MR
                // The 2 rows left by the 6-row panels are read in place by the
                // 4-row split when every column panel is whole: none to pack.
                if !(direct && splitTail && nc % NR == 0) {
                    packA(mc - whole, kc, ablock + whole * ars, ars, acs, aBuf + whole * kc)
                }
                for jr in stride(from: 0, to: nc, by: NR) {
                    let cols = min(NR, nc - jr)
                    for ir in stride(from: 0, to: mc, by: MR) {
                        let rows = min(MR, mc - ir)
                        let inPlace = ir < whole
                        let ap = inPlace ? ablock + ir * ars : UnsafePointer(aBuf + ir * kc)
                        let aRow = inPlace ? ars : 1, aStep = inPlace ? acs : MR
                        let bp = bPanels + jr * kc
                        let ct = c + (ic + ir) * ldc + jc + jr
                        if splitTail && cols == NR && mc - ir <= MR + 2 {
                            // The last 8 rows as two 4-row panels (see fourRows);
                            // the 2-row panel after them is then done.
                            if rows < MR { continue }
                            @inline(__always) func row(_ r: Int) -> UnsafePointer<Float> {
                                direct ? ablock + (ir + r) * ars : UnsafePointer(aBuf + (ir + r) / MR * MR * kc + (ir + r) % MR)
                            }
                            let step = direct ? acs : MR
                            let tileBias = blockBias.map { $0 + jr }
                            fourRows(kc, row(0), row(1), row(2), row(3), step, bp, ct, ldc, overwrite, bias: tileBias)
                            fourRows(kc, row(4), row(5), row(6), row(7), step, bp, ct + 4 * ldc, ldc, overwrite, bias: tileBias)
                        } else if rows == MR && cols == NR {
                            microKernel(kc, ap, aRow, aStep, bp, ct, ldc, overwrite, bias: blockBias.map { $0 + jr })
                        } else if rows == MR && cols == halfNR {
                            microKernelHalf(kc, ap, aRow, aStep, bp, ct, ldc, overwrite, bias: blockBias.map { $0 + jr })
                        } else if shortPanel(rows, cols, kc, ap, bp, ct, ldc, overwrite, bias: blockBias.map { $0 + jr }) {
                            // done: a last panel of few rows, straight into C
                        } else {
                            // Edge tile: the same sums into a scratch tile, then copy the
                            // valid part, so edge elements round like interior ones.
                            if cols <= halfNR {
                                microKernelHalf(kc, ap, aRow, aStep, bp, tile, NR, true)
                            } else {
                                microKernel(kc, ap, aRow, aStep, bp, tile, NR, true)
                            }
                            // Read back 16 lanes at a time, the width the kernel
                            // stored them at: narrower or masked loads of a wider
                            // store wait for it to reach the cache (an MLP's
                            // 10-column logits spent 12% of a step in this copy).
                            for i in 0..<rows {
                                let row = ct + i * ldc
                                var j = 0
                                while j < cols {
                                    let w = Swift.min(16, cols - j)
                                    var sum = UnsafeRawPointer(tile + i * NR + j).loadUnaligned(as: Lanes.self)
                                    if !overwrite { sum = Lanes.load(row + j, w) + sum }
                                    if let blockBias { sum = sum + Lanes.load(blockBias + jr + j, w) }
                                    sum.store(row + j, w)
                                    j += 16
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// C[i, j] += bias[j] for the paths that do not add it in their tiles.
private func addRows(_ m: Int, _ n: Int, _ bias: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    for i in 0..<m {
        let row = c + i * ldc
        for j in 0..<n { row[j] += bias[j] }
    }
}
