/// dst[j] += Σ over rows of src[r · cols + j]: a bias's gradient, the sum of
/// its layer's upstream over every row. Row by row, so the rows are read once
/// and in order (a pass per 16 columns read a wide matrix many times over, in
/// one dependent chain of adds); each column's rows are still added in order.
public func addColumnSums(rows: Int, cols: Int, _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        let row = src + r * cols
        for j in 0..<cols { dst[j] += row[j] }
    }
}

/// dst[j] = Σ over rows of src[r · cols + j], each column summed in Double in
/// row order (as a broadcast add's gradient is). Row by row, so the rows are
/// read once, in order; a pass per 8 columns read a wide matrix many times over.
public func columnSums(rows: Int, cols: Int, _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>) {
    let totals = UnsafeMutablePointer<Double>.allocate(capacity: cols)
    defer { totals.deallocate() }
    totals.initialize(repeating: 0, count: cols)
    for r in 0..<rows {
        let row = src + r * cols
        for j in 0..<cols { totals[j] += Double(row[j]) }
    }
    for j in 0..<cols { dst[j] = Float(totals[j]) }
}

/// dst[group[r] · cols + j] += src[r · cols + j]: the rows summed by group
/// (an embedding lookup's rows by id), each group's rows added in order.
/// Threads take columns, so every sum is made the same way.
public func addRowsByGroup(rows: Int, cols: Int, _ src: UnsafePointer<Float>, group: UnsafePointer<Int>,
                           into dst: UnsafeMutablePointer<Float>, threads: Int) {
    forEachRange(cols, unit: 16, threads: rows * cols >= parallelElements ? threads : 1) { lo, hi in
        for r in 0..<rows {
            let row = src + r * cols, sum = dst + group[r] * cols
            for j in lo..<hi { sum[j] += row[j] }
        }
    }
}
