/// Copies an mc x kc block of A into MR-row panels: panel-major, then k, then the
/// MR rows of that k step, so the micro-kernel reads A strictly sequentially.
/// Rows past mc are zero so edge tiles can run the full-size kernel. Used for
/// the panels the kernel cannot read in place: a last partial panel, and A
/// whose rows and columns are both strided (or 4 KB apart).
func packA(_ mc: Int, _ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ cs: Int,
           _ dst: UnsafeMutablePointer<Float>) {
    var d = dst
    for i0 in stride(from: 0, to: mc, by: MR) {
        let rows = min(MR, mc - i0)
        let src = a + i0 * rs
        if rows == 8 && MR == 8 && cs == 1 {
            // Row-major A: transpose 8x16 tiles in registers instead of 128 scalar moves.
            var p = 0
            while p + 16 <= kc {
                let s = src + p
                var t = Tile8x16(load16(s), load16(s + rs), load16(s + 2 * rs), load16(s + 3 * rs),
                                 load16(s + 4 * rs), load16(s + 5 * rs), load16(s + 6 * rs), load16(s + 7 * rs))
                t.unzip(); t.unzip(); t.unzip(); t.unzip()
                t.store(d)
                d += 16 * MR
                p += 16
            }
            while p < kc {
                for i in 0..<MR { d[i] = src[i * rs + p] }
                d += MR
                p += 1
            }
        } else if rows == 6 && MR == 6 && cs == 1 {
            // Row-major A in 6-row panels: 8 k steps of each row in one load.
            var p = 0
            while p + 8 <= kc {
                let s = src + p
                let r0 = load8(s), r1 = load8(s + rs), r2 = load8(s + 2 * rs)
                let r3 = load8(s + 3 * rs), r4 = load8(s + 4 * rs), r5 = load8(s + 5 * rs)
                for q in 0..<8 {
                    d[6 * q] = r0[q]; d[6 * q + 1] = r1[q]; d[6 * q + 2] = r2[q]
                    d[6 * q + 3] = r3[q]; d[6 * q + 4] = r4[q]; d[6 * q + 5] = r5[q]
                }
                d += 8 * MR
                p += 8
            }
            while p < kc {
                for i in 0..<MR { d[i] = src[i * rs + p] }
                d += MR
                p += 1
            }
        } else if rows == MR && rs == 1 && MR == 8 {
            // A transposed (a weight gradient xᵀ·dY): each k step's 8 rows are
            // contiguous; two steps make one 16-float store.
            var p = 0
            while p + 2 <= kc {
                let lo = UnsafeRawPointer(src + p * cs).loadUnaligned(as: SIMD8<Float>.self)
                let hi = UnsafeRawPointer(src + (p + 1) * cs).loadUnaligned(as: SIMD8<Float>.self)
                store16(SIMD16(lowHalf: lo, highHalf: hi), d, true)
                d += 2 * MR
                p += 2
            }
            if p < kc {
                for i in 0..<MR { d[i] = src[p * cs + i] }
                d += MR
            }
        } else {
            // A short panel's padding zeroed at once: zeroing it per k step
            // was a call to memset for every 2 to 7 floats.
            if rows < MR { d.update(repeating: 0, count: kc * MR) }
            for p in 0..<kc {
                let s = src + p * cs
                for i in 0..<rows { d[i] = s[i * rs] }
                d += MR
            }
        }
    }
}

/// Copies a kc x nc block of B into NR-column panels (k-major inside a panel),
/// zero-padding the last panel.
func packB(_ kc: Int, _ nc: Int, _ b: UnsafePointer<Float>, _ rs: Int, _ cs: Int,
           _ dst: UnsafeMutablePointer<Float>) {
    var d = dst
    for j0 in stride(from: 0, to: nc, by: NR) {
        let cols = min(NR, nc - j0)
        let src = b + j0 * cs
        if cs == 1 {
            // Row-major B: each k step's row copied in whole vectors, the
            // rest of a narrow last panel padded with vectors of zeros, and
            // a part of a vector (the digits MLP's 10 classes) written a
            // float at a time over them. A call to memmove and one to
            // memset per row were 3% of a GPT's training and 2% of the MLP's.
            for p in 0..<kc {
                let s = src + p * rs
                var v = 0
                while v + 16 <= cols { store16(load16(s + v), d + v, true); v += 16 }
                for z in stride(from: v, to: NR, by: 16) { store16(SIMD16(), d + z, true) }
                for j in v..<cols { d[j] = s[j] }
                d += NR
            }
        } else if cols == NR && rs == 1 && NR % 8 == 0 {
            // A transposed B (each column contiguous along k, as in the
            // backward product dC · Bᵀ): 8 columns × 16 k steps at a time,
            // loaded along k and transposed in registers. Gathering it one
            // strided float at a time was a fifth of an LSTM's training.
            var p = 0
            while p + 16 <= kc {
                for j in stride(from: 0, to: NR, by: 8) {
                    let s = src + j * cs + p
                    var t = Tile8x16(load16(s), load16(s + cs), load16(s + 2 * cs), load16(s + 3 * cs),
                                     load16(s + 4 * cs), load16(s + 5 * cs), load16(s + 6 * cs), load16(s + 7 * cs))
                    t.unzip(); t.unzip(); t.unzip(); t.unzip()
                    t.storeRows(d + p * NR + j, stride: NR)
                }
                p += 16
            }
            while p < kc {
                for j in 0..<NR { d[p * NR + j] = src[j * cs + p] }
                p += 1
            }
            d += kc * NR
        } else {
            if cols < NR { d.update(repeating: 0, count: kc * NR) }
            for p in 0..<kc {
                let s = src + p * rs
                for j in 0..<cols { d[j] = s[j * cs] }
                d += NR
            }
        }
    }
}

/// 8 rows x 16 columns, viewed as one 128-float array in row order. One `unzip`
/// (evens then odds) rotates every element's 7-bit index right by one bit, so four
/// of them turn (row, col) order into (col, row) order: a transpose.
struct Tile8x16 {
    var v0, v1, v2, v3, v4, v5, v6, v7: SIMD16<Float>

    init(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, _ v2: SIMD16<Float>, _ v3: SIMD16<Float>,
         _ v4: SIMD16<Float>, _ v5: SIMD16<Float>, _ v6: SIMD16<Float>, _ v7: SIMD16<Float>) {
        (self.v0, self.v1, self.v2, self.v3, self.v4, self.v5, self.v6, self.v7) = (v0, v1, v2, v3, v4, v5, v6, v7)
    }

    @inline(__always) mutating func unzip() {
        let p0 = SIMD32(lowHalf: v0, highHalf: v1), p1 = SIMD32(lowHalf: v2, highHalf: v3)
        let p2 = SIMD32(lowHalf: v4, highHalf: v5), p3 = SIMD32(lowHalf: v6, highHalf: v7)
        (v0, v1, v2, v3) = (p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf)
        (v4, v5, v6, v7) = (p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf)
    }

    /// After the transpose, 16 rows of 8 (two per vector), each written
    /// `stride` floats after the last.
    @inline(__always) func storeRows(_ d: UnsafeMutablePointer<Float>, stride: Int) {
        @inline(__always) func put(_ v: SIMD16<Float>, _ row: Int) {
            UnsafeMutableRawPointer(d + row * stride).storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(d + (row + 1) * stride).storeBytes(of: v.highHalf, as: SIMD8<Float>.self)
        }
        put(v0, 0); put(v1, 2); put(v2, 4); put(v3, 6); put(v4, 8); put(v5, 10); put(v6, 12); put(v7, 14)
    }

    @inline(__always) func store(_ d: UnsafeMutablePointer<Float>) {
        store16(v0, d, true); store16(v1, d + 16, true); store16(v2, d + 32, true); store16(v3, d + 48, true)
        store16(v4, d + 64, true); store16(v5, d + 80, true); store16(v6, d + 96, true); store16(v7, d + 112, true)
    }
}
