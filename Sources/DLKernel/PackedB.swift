#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A k x n matrix B packed once into the panels the blocked product reads, for
/// a B used by many products: an LSTM multiplies by the same W_hh at every
/// step, and packing it again per step (and per thread) was a fifth of its
/// training. Blocks are stored in the order `blocked` visits them: NC-column
/// blocks, each split into KC-row blocks of NR-column panels.
// @unchecked: written once in init, then only read, by any thread.
public final class PackedB: @unchecked Sendable {
    public let k: Int, n: Int
    let data: UnsafeMutablePointer<Float>

    /// B element (p, j) at b[p * rowStride + j * colStride].
    public init(k: Int, n: Int, b: UnsafePointer<Float>, rowStride: Int, colStride: Int) {
        self.k = max(0, k)
        self.n = max(0, n)
        let padded = (self.n + NR - 1) / NR * NR
        data = .allocate(capacity: max(1, self.k * padded))
        for jc in stride(from: 0, to: self.n, by: NC) {
            let nc = min(NC, self.n - jc)
            for pc in stride(from: 0, to: self.k, by: KC) {
                let kc = min(KC, self.k - pc)
                packB(kc, nc, b + pc * rowStride + jc * colStride, rowStride, colStride,
                      UnsafeMutablePointer(mutating: block(jc: jc, pc: pc)))
            }
        }
    }

    deinit { data.deallocate() }

    /// Where the kc x nc block starting at row pc, column jc begins: every
    /// column block before it is NC wide, and rows before pc in this one are
    /// as wide as it is (padded to NR).
    func block(jc: Int, pc: Int) -> UnsafePointer<Float> {
        let nc = min(NC, n - jc)
        let padded = (nc + NR - 1) / NR * NR
        return UnsafePointer(data + (jc / NC) * k * NC + pc * padded)
    }
}
