import DLKernel

/// Applies `f` elementwise with NumPy broadcasting. Fast paths cover the
/// shapes toy networks use (same shape, scalar, row vector); the general case
/// walks an odometer.
@inline(__always)
func broadcastMap(_ a: Tensor, _ b: Tensor, _ outShape: [Int], _ f: (Float, Float) -> Float) -> [Float] {
    let n = Shape.count(outShape)
    return [Float](unsafeUninitializedCapacity: n) { out, initialized in
        a.storage.withUnsafeBufferPointer { x in
            b.storage.withUnsafeBufferPointer { y in
                if a.count == n && b.count == n {
                    for i in 0..<n { out[i] = f(x[i], y[i]) }
                } else if b.count == 1 && a.count == n {
                    let v = y[0]; for i in 0..<n { out[i] = f(x[i], v) }
                } else if a.count == 1 && b.count == n {
                    let v = x[0]; for i in 0..<n { out[i] = f(v, y[i]) }
                } else if a.count == n && isTrailing(b.shape, of: outShape) && b.count > 0 {
                    let m = b.count
                    var i = 0
                    // Wrapping index arithmetic: a checked i + j kept this loop
                    // (every bias add) from vectorising.
                    while i < n { for j in 0..<m { out[i &+ j] = f(x[i &+ j], y[j]) }; i &+= m }
                } else if b.count == n && isTrailing(a.shape, of: outShape) && a.count > 0 {
                    let m = a.count
                    var i = 0
                    while i < n { for j in 0..<m { out[i &+ j] = f(x[j], y[i &+ j]) }; i &+= m }
                } else if a.count == n, let run = trailingRun(b.shape, of: outShape), run > 0 {
                    // x − mean(x, keepdims): one value of b per run of a.
                    for r in 0..<(n / run) { let v = y[r]; for j in (r * run)..<((r + 1) * run) { out[j] = f(x[j], v) } }
                } else if b.count == n, let run = trailingRun(a.shape, of: outShape), run > 0 {
                    for r in 0..<(n / run) { let v = x[r]; for j in (r * run)..<((r + 1) * run) { out[j] = f(v, y[j]) } }
                } else {
                    let sa = Shape.broadcastStrides(a.shape, into: outShape)
                    let sb = Shape.broadcastStrides(b.shape, into: outShape)
                    var offsetsB = [Int](repeating: 0, count: n)
                    forEachOffset(shape: outShape, strides: sb) { i, o in offsetsB[i] = o }
                    forEachOffset(shape: outShape, strides: sa) { i, o in out[i] = f(x[o], y[offsetsB[i]]) }
                }
            }
        }
        initialized = n
    }
}

/// True when `inner` (ignoring leading 1s) equals the trailing axes of `outer`.
func isTrailing(_ inner: [Int], of outer: [Int]) -> Bool {
    let trimmed = inner.drop(while: { $0 == 1 })
    guard trimmed.count <= outer.count else { return false }
    return Array(trimmed) == Array(outer.suffix(trimmed.count))
}

/// When `inner` is `outer` with its last axes set to 1, the number of
/// elements each inner element stands for; nil otherwise.
func trailingRun(_ inner: [Int], of outer: [Int]) -> Int? {
    let k = (inner.lastIndex(where: { $0 != 1 }) ?? -1) + 1
    guard inner.count == outer.count, Array(inner[..<k]) == Array(outer[..<k]) else { return nil }
    return Shape.count(Array(outer[k...]))
}

/// Sums a gradient of shape `from` down to `to`, undoing a broadcast.
func reduceToShape(_ g: [Float], from: [Int], to: [Int]) -> [Float] {
    if from == to { return g }
    let m = Shape.count(to)
    // Double totals, as in sum(): the gradient of a scalar broadcast over
    // millions of elements is a sum of millions.
    if m == 1 { return [Float(g.withUnsafeBufferPointer(doubleSum))] }
    if isTrailing(to, of: from) {
        // A bias-add's gradient: the kernel `linear` uses for its bias, each
        // column summed in Double in row order.
        var out = [Float](repeating: 0, count: m)
        g.withUnsafeBufferPointer { gp in out.withUnsafeMutableBufferPointer { o in
            if let src = gp.baseAddress, m > 0 { columnSums(rows: gp.count / m, cols: m, src, into: o.baseAddress!) }
        } }
        return out
    }
    var out = [Double](repeating: 0, count: m)
    // [..., n] to [..., 1] (a mean or a norm kept with keepdims, as in
    // layernorm): each output is the sum of one contiguous run. The general
    // walk below made one closure call per element.
    if let run = trailingRun(to, of: from) {
        g.withUnsafeBufferPointer { g in out.withUnsafeMutableBufferPointer { o in
            for r in 0..<m {
                var total = 0.0
                for j in (r * run)..<((r + 1) * run) { total += Double(g[j]) }
                o[r] = total
            }
        } }
        return out.map { Float($0) }
    }
    let strides = Shape.broadcastStrides(to, into: from)
    out.withUnsafeMutableBufferPointer { o in
        forEachOffset(shape: from, strides: strides) { i, off in o[off] += Double(g[i]) }
    }
    return out.map { Float($0) }
}

func broadcastShape(_ a: Tensor, _ b: Tensor, _ symbol: String) throws -> [Int] {
    guard let s = Shape.broadcast(a.shape, b.shape) else {
        throw TensorError("cannot broadcast \(Shape.describe(a.shape)) \(symbol) \(Shape.describe(b.shape)): sizes must match or be 1 on each axis, from the right")
    }
    try Shape.requireSize(s, "'\(symbol)'")
    return s
}
