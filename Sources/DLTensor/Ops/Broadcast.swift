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
                    while i < n { for j in 0..<m { out[i + j] = f(x[i + j], y[j]) }; i += m }
                } else if b.count == n && isTrailing(a.shape, of: outShape) && a.count > 0 {
                    let m = a.count
                    var i = 0
                    while i < n { for j in 0..<m { out[i + j] = f(x[j], y[i + j]) }; i += m }
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

/// Sums a gradient of shape `from` down to `to`, undoing a broadcast.
func reduceToShape(_ g: [Float], from: [Int], to: [Int]) -> [Float] {
    if from == to { return g }
    let m = Shape.count(to)
    // Double totals, as in sum(): the gradient of a scalar broadcast over
    // millions of elements is a sum of millions.
    if m == 1 { return [Float(g.withUnsafeBufferPointer(doubleSum))] }
    var out = [Double](repeating: 0, count: m)
    if isTrailing(to, of: from) {
        out.withUnsafeMutableBufferPointer { o in
            var i = 0
            while i < g.count { for j in 0..<m { o[j] += Double(g[i + j]) }; i += m }
        }
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
