@testable import DLKernel
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Deterministic xorshift so failures reproduce.
struct Rng {
    var state: UInt64
    mutating func next() -> Float {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Float(state >> 40) / Float(1 << 24) * 2 - 1
    }
}

struct Case: CustomStringConvertible {
    let m: Int, n: Int, k: Int, transA: Bool, transB: Bool, accumulate: Bool
    var description: String { "m=\(m) n=\(n) k=\(k) tA=\(transA) tB=\(transB) acc=\(accumulate)" }
}

/// Runs sgemm on `threads` threads, with A/B stored transposed when asked and C
/// embedded in a wider buffer (ldc = n + 3) to check that padding is untouched.
func run(_ t: Case, threads: Int, seed: UInt64) -> (got: [Float], want: [Double], ldc: Int) {
    var rng = Rng(state: seed | 1)
    let a = (0..<(t.m * t.k)).map { _ in rng.next() }
    let b = (0..<(t.k * t.n)).map { _ in rng.next() }
    let ldc = t.n + 3
    let c0 = (0..<(t.m * ldc)).map { _ in rng.next() }
    // Logical A(i, p): row-major m x k, or stored as k x m when transposed.
    let (ars, acs) = t.transA ? (1, t.m) : (t.k, 1)
    let (brs, bcs) = t.transB ? (1, t.k) : (t.n, 1)
    var want = c0.map(Double.init)
    for i in 0..<t.m {
        for j in 0..<t.n {
            var s = 0.0
            for p in 0..<t.k { s += Double(a[i * ars + p * acs]) * Double(b[p * brs + j * bcs]) }
            want[i * ldc + j] = (t.accumulate ? want[i * ldc + j] : 0) + s
        }
    }
    var c = c0
    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                // Empty arrays may have no base address; any valid pointer works when unread.
                let dummy = UnsafeMutablePointer<Float>.allocate(capacity: 1)
                defer { dummy.deallocate() }
                sgemm(m: t.m, n: t.n, k: t.k,
                      a: ap.baseAddress ?? UnsafePointer(dummy), aRowStride: ars, aColStride: acs,
                      b: bp.baseAddress ?? UnsafePointer(dummy), bRowStride: brs, bColStride: bcs,
                      c: cp.baseAddress ?? dummy, ldc: ldc, accumulate: t.accumulate, threads: threads)
            }
        }
    }
    return (c, want, ldc)
}

func check(_ t: Case, seed: UInt64) {
    let one = run(t, threads: 1, seed: seed)
    let two = run(t, threads: 2, seed: seed)
    #expect(one.got == two.got, "1 vs 2 threads differ: \(t)")
    var worst = 0.0
    for idx in one.want.indices {
        let j = idx % one.ldc
        if j >= t.n {
            continue  // padding columns hold the original values; compared exactly below
        }
        // Error scale: sum of |terms| is ~ sqrt(k) for random inputs; use k-aware bound.
        let err = abs(Double(one.got[idx]) - one.want[idx]) / max(1, abs(one.want[idx]), Double(t.k).squareRoot())
        worst = max(worst, err)
    }
    #expect(worst < 1e-4, "max rel error \(worst): \(t)")
    let padOK = one.want.indices.allSatisfy { $0 % one.ldc < t.n || Double(one.got[$0]) == one.want[$0] }
    #expect(padOK, "wrote outside C: \(t)")
}

let shapes: [(Int, Int, Int)] = [
    (0, 5, 7), (5, 0, 7), (5, 7, 0), (1, 1, 1), (1, 1, 300), (2, 3, 4), (32, 16, 2),
    (32, 128, 64), (7, 1, 33), (300, 1, 129), (1, 300, 129), (17, 33, 65), (8, 32, 256),
    (9, 31, 257), (63, 65, 130), (129, 97, 513), (200, 200, 200), (96, 96, 96), (1, 1000, 5),
    // Panels of 16 columns or fewer (the half-width kernel): whole, with edge rows, and narrower.
    (64, 16, 64), (70, 16, 300), (40, 10, 100), (33, 48, 70),
]

@Test(arguments: shapes)
func allTransposesAndModes(_ shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    for transA in [false, true] {
        for transB in [false, true] {
            for accumulate in [false, true] {
                check(Case(m: m, n: n, k: k, transA: transA, transB: transB, accumulate: accumulate),
                      seed: UInt64(m * 1_000_003 + n * 1009 + k))
            }
        }
    }
}

@Test func largeOddShapes() {
    check(Case(m: 1031, n: 1001, k: 1027, transA: false, transB: false, accumulate: false), seed: 7)
    check(Case(m: 517, n: 1029, k: 300, transA: true, transB: true, accumulate: true), seed: 8)
    check(Case(m: 1100, n: 40, k: 1200, transA: false, transB: true, accumulate: true), seed: 9)
}

@Test func randomShapes() {
    var rng = Rng(state: 12345)
    for _ in 0..<60 {
        let dim = { Int((rng.next() + 1) * 70) }
        let t = Case(m: dim(), n: dim(), k: dim(), transA: rng.next() > 0,
                     transB: rng.next() > 0, accumulate: rng.next() > 0)
        check(t, seed: UInt64(t.m * 31 + t.n * 17 + t.k))
    }
}

@Test func zeroKOverwritesWithZero() {
    var c: [Float] = [1, 2, 3, 4, 5, 6]
    let x: [Float] = [0]
    x.withUnsafeBufferPointer { p in
        sgemm(m: 2, n: 2, k: 0, a: p.baseAddress!, aRowStride: 0, aColStride: 1,
              b: p.baseAddress!, bRowStride: 2, bColStride: 1, c: &c, ldc: 3,
              accumulate: false, threads: 2)
    }
    #expect(c == [0, 0, 3, 0, 0, 6])
}

@Test func simdSquareRootIsCorrectlyRounded() {
    var state: UInt64 = 12345
    var worst: Float = 0
    for _ in 0..<2000 {
        var x = SIMD16<Float>()
        for k in 0..<16 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Magnitudes from 1e-20 to 1e20, and some exact zeros.
            let e = Float(Int(state >> 58) - 32) * 1.3
            x[k] = k == 3 ? 0 : Float(state >> 40) / 16_777_216 * powf(10, e / 2)
        }
        let got = sqrt16(x)
        for k in 0..<16 {
            // Against the root in double precision, rounded once to float.
            let want = Float(Double(x[k]).squareRoot())
            if got[k] != want { worst = max(worst, abs(got[k] - want) / want.ulp) }
        }
    }
    #expect(worst == 0, "largest error \(worst) ulp")
}

/// A B packed once gives the very bits of the product that packs it per
/// call, across several KC and NC blocks, transposed or not, on 1 and 2 threads.
@Test(arguments: [(32, 512, 128), (32, 128, 512), (9, 1100, 300), (70, 33, 600), (8, 32, 16)])
func packedBMatchesPackingPerCall(_ shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = Rng(state: UInt64(m * 7919 + n * 31 + k))
    let a = (0..<(m * k)).map { _ in rng.next() }
    let b = (0..<(k * n)).map { _ in rng.next() }
    let c0 = (0..<(m * n)).map { _ in rng.next() }
    for transB in [false, true] {
        let (brs, bcs) = transB ? (1, k) : (n, 1)
        for threads in [1, 2] {
            var plain = c0, packed = c0
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                      b: bp.baseAddress!, bRowStride: brs, bColStride: bcs, c: &plain, ldc: n, accumulate: true, threads: threads)
                let pb = PackedB(k: k, n: n, b: bp.baseAddress!, rowStride: brs, colStride: bcs)
                sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                      b: pb, c: &packed, ldc: n, accumulate: true, threads: threads)
            } }
            if m * n * k > 16 * 16 * 16 {
                #expect(plain == packed, "m=\(m) n=\(n) k=\(k) transB=\(transB) threads=\(threads)")
            } else {
                // Below the packing threshold the plain call takes the direct loops.
                #expect(zip(plain, packed).allSatisfy { Swift.abs($0 - $1) < 1e-4 })
            }
        }
    }
}

/// A bias given to sgemm gives the very bits of the product followed by a
/// separate add of the bias to every row: on the direct loops, the blocked
/// path with edge tiles, several KC blocks, a column split, and 1 or 2 threads.
@Test(arguments: [(3, 5, 4), (1, 40, 3), (70, 33, 600), (64, 256, 64), (2048, 64, 256), (9, 1100, 300), (37, 70, 1), (64, 16, 64), (41, 48, 300)])
func biasInTheProductMatchesAnAddAfterIt(_ shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = Rng(state: UInt64(m * 131 + n * 17 + k))
    let a = (0..<(m * k)).map { _ in rng.next() }
    let b = (0..<(k * n)).map { _ in rng.next() }
    let bias = (0..<n).map { _ in rng.next() }
    let c0 = (0..<(m * n)).map { _ in rng.next() }
    for transB in [false, true] {
        let (brs, bcs) = transB ? (1, k) : (n, 1)
        for accumulate in [false, true] {
            for threads in [1, 2] {
                var separate = c0, fused = c0
                a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in bias.withUnsafeBufferPointer { biasp in
                    sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                          b: bp.baseAddress!, bRowStride: brs, bColStride: bcs, c: &separate, ldc: n,
                          accumulate: accumulate, threads: threads)
                    for i in 0..<m { for j in 0..<n { separate[i * n + j] += bias[j] } }
                    sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                          b: bp.baseAddress!, bRowStride: brs, bColStride: bcs, c: &fused, ldc: n,
                          accumulate: accumulate, bias: biasp.baseAddress!, threads: threads)
                } } }
                #expect(separate == fused, "m=\(m) n=\(n) k=\(k) transB=\(transB) accumulate=\(accumulate) threads=\(threads)")
            }
        }
    }
}

/// Column sums in Double, in row order, for widths around the 8-lane step.
@Test(arguments: [1, 7, 8, 9, 23])
func columnSumsAddEveryRowInDouble(_ cols: Int) {
    var rng = Rng(state: UInt64(cols))
    let rows = 300
    let src = (0..<(rows * cols)).map { _ in rng.next() * 1000 }
    var got = [Float](repeating: .nan, count: cols)
    src.withUnsafeBufferPointer { s in columnSums(rows: rows, cols: cols, s.baseAddress!, into: &got) }
    let want = (0..<cols).map { j in Float((0..<rows).reduce(0.0) { $0 + Double(src[$1 * cols + j]) }) }
    #expect(got == want)
}

/// The blocked path's every element, against the sum it promises: from zero,
/// one fused multiply-add per k step in k order within each KC block, each
/// block's sum added to C, then the bias. Tile shapes differ per ISA (8 x 32
/// for AVX-512, 6 x 16 for AVX2); a kernel that passes this gives the same bits
/// as any other that does. Shapes hit whole tiles, half-width and edge tiles of
/// both, several KC blocks, transposed operands and A read in place or packed.
/// Rows that leave 2 after 6-row panels (8, 20, 26, 32, and 152: an MC block
/// of 144 and one of 8) take AVX2's 4 + 4 split, in place and packed (k 1024).
@Test(arguments: [(6, 16, 64), (8, 32, 64), (12, 8, 100), (7, 40, 300), (13, 24, 513), (50, 70, 260),
                  (5, 512, 128), (32, 512, 128), (96, 96, 96), (9, 1100, 300), (20, 33, 1024),
                  (8, 48, 40), (26, 40, 1024), (152, 40, 50)])
func blockedSumsRoundAsOneFMAChainPerKCBlock(_ shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = Rng(state: UInt64(m * 7 + n * 131 + k))
    for transA in [false, true] {
        for transB in [false, true] {
            for (accumulate, withBias) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = (0..<(m * k)).map { _ in rng.next() }, b = (0..<(k * n)).map { _ in rng.next() }
                let bias = (0..<n).map { _ in rng.next() }, c0 = (0..<(m * n)).map { _ in rng.next() }
                let (ars, acs) = transA ? (1, m) : (k, 1), (brs, bcs) = transB ? (1, k) : (n, 1)
                var want = c0
                for i in 0..<m {
                    for j in 0..<n {
                        var c = accumulate ? c0[i * n + j] : 0
                        for pc in stride(from: 0, to: k, by: KC) {
                            var s: Float = 0
                            for p in pc..<min(k, pc + KC) { s = s.addingProduct(a[i * ars + p * acs], b[p * brs + j * bcs]) }
                            c = pc == 0 && !accumulate ? s : c + s
                        }
                        want[i * n + j] = withBias ? c + bias[j] : c
                    }
                }
                for threads in [1, 2] {
                    var got = c0
                    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in bias.withUnsafeBufferPointer { biasp in
                        sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: ars, aColStride: acs,
                              b: bp.baseAddress!, bRowStride: brs, bColStride: bcs, c: &got, ldc: n,
                              accumulate: accumulate, bias: withBias ? biasp.baseAddress! : nil, threads: threads)
                    } } }
                    #expect(got == want, "m=\(m) n=\(n) k=\(k) tA=\(transA) tB=\(transB) acc=\(accumulate) bias=\(withBias) threads=\(threads)")
                }
            }
        }
    }
}
