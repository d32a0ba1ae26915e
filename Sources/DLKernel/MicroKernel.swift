import CKernelHints

// The micro-kernel keeps an MR x NR tile of C in vector registers, so its shape
// follows the register file the build targets (Package.swift defines
// KERNEL_AVX512 when the target CPU has it):
// - AVX-512, 32 zmm: 8 x 32, 16 accumulators of 16 floats (MicroKernel512.swift);
// - AVX2, 16 ymm: 6 x 16, 12 accumulators of 8 floats, two loads of B and one
//   broadcast of A (MicroKernel256.swift). The 8 x 32 tile there was 32 ymm
//   accumulators in 16 registers, spilled at every step.
// Each element of C is summed the same way in either (from zero, one FMA per k
// step in k order, then added to C), so the two give the same bits.
#if KERNEL_AVX512
let MR = 8
let NR = 32
/// What the build's kernel runs on, for the benchmark's report.
public let kernelISA = "AVX-512 (8x32 tile, zmm)"
#else
let MR = 6
let NR = 16
public let kernelISA = "AVX2 (6x16 tile, ymm)"
#endif
/// What a part of a row split should be a multiple of, so that its panels run
/// at full width: one AVX-512 panel, or two AVX2 panels and a 4-row one (an
/// 8-row part there is 6 + 2 rows, and 2 rows leave half the FMA units idle).
let splitRows = MR == 8 ? 8 : 16
/// The narrower kernel's width (microKernelHalf): panels of at most this many columns.
let halfNR = NR / 2

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

@inline(__always) func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
    UnsafeMutableRawPointer(p).storeBytes(of: overwrite ? v : v + load8(p), as: SIMD8<Float>.self)
}

@inline(__always) func store8(_ v: SIMD8<Float>, _ bias: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
    UnsafeMutableRawPointer(p).storeBytes(of: (overwrite ? v : v + load8(p)) + bias, as: SIMD8<Float>.self)
}

/// Asks for the cache lines of a rows x width tile of C. A kernel adds to its
/// tile once, after kc steps; in a large product the tile is in L3 or memory,
/// and without this the twelve or sixteen loads at the end waited for it
/// (AVX2, 1024³: a fifth of the time). Asked for at the start, it arrives
/// during the k loop.
@inline(__always) func prefetchTile(_ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, width: Int) {
    for i in 0..<rows {
        let row = c + i * ldc
        dl_prefetch_for_write(row)
        dl_prefetch_for_write(row + width - 1)
    }
}
