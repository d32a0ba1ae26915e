// Placeholder until the blocked kernel lands: same API, plain loops.
public func sgemm(m: Int, n: Int, k: Int,
                  a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                  b: UnsafePointer<Float>, bRowStride: Int, bColStride: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int,
                  accumulate: Bool, threads: Int) {
    for i in 0..<m {
        let row = c + i * ldc
        if !accumulate { for j in 0..<n { row[j] = 0 } }
        for p in 0..<k {
            let av = a[i * aRowStride + p * aColStride]
            if av == 0 { continue }
            for j in 0..<n { row[j] += av * b[p * bRowStride + j * bColStride] }
        }
    }
}
