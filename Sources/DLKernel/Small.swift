/// Direct loops without packing, for products so small that packing and blocking
/// would cost more than the arithmetic, and for matrix-vector products.

/// Each 16-wide strip of a C row is summed in a register over all k, then stored
/// once. Needs unit column stride in B.
func smallAxpy(_ m: Int, _ n: Int, _ k: Int,
               _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
               _ b: UnsafePointer<Float>, _ brs: Int,
               _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    for i in 0..<m {
        let crow = c + i * ldc, arow = a + i * ars
        var j = 0
        while j + 16 <= n {
            var acc = SIMD16<Float>()
            for p in 0..<k { acc = acc.addingProduct(SIMD16(repeating: arow[p * acs]), load16(b + p * brs + j)) }
            store16(acc, crow + j, !accumulate)
            j += 16
        }
        while j < n {
            var acc = Float(0)
            for p in 0..<k { acc = acc.addingProduct(arow[p * acs], b[p * brs + j]) }
            crow[j] = accumulate ? crow[j] + acc : acc
            j += 1
        }
    }
}

/// One dot product per output element; used when B's columns are not contiguous
/// (transposed B) or n == 1.
func smallDot(_ m: Int, _ n: Int, _ k: Int,
              _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
              _ b: UnsafePointer<Float>, _ brs: Int, _ bcs: Int,
              _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    for i in 0..<m {
        for j in 0..<n {
            let s = dot(k, a + i * ars, acs, b + j * bcs, brs)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s
        }
    }
}

@inline(__always)
private func dot(_ k: Int, _ x: UnsafePointer<Float>, _ xs: Int,
                 _ y: UnsafePointer<Float>, _ ys: Int) -> Float {
    var p = 0
    var acc = Float(0)
    if xs == 1 && ys == 1 {
        // Four independent vector chains hide FMA latency.
        var v0 = SIMD16<Float>(), v1 = v0, v2 = v0, v3 = v0
        while p + 64 <= k {
            v0 = v0.addingProduct(load16(x + p), load16(y + p))
            v1 = v1.addingProduct(load16(x + p + 16), load16(y + p + 16))
            v2 = v2.addingProduct(load16(x + p + 32), load16(y + p + 32))
            v3 = v3.addingProduct(load16(x + p + 48), load16(y + p + 48))
            p += 64
        }
        while p + 16 <= k {
            v0 = v0.addingProduct(load16(x + p), load16(y + p))
            p += 16
        }
        acc = ((v0 + v1) + (v2 + v3)).sum()
    }
    while p < k {
        acc = acc.addingProduct(x[p * xs], y[p * ys])
        p += 1
    }
    return acc
}
