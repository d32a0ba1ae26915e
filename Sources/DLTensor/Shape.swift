/// Shapes are plain `[Int]`; these helpers keep the arithmetic in one place.
public enum Shape {
    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The element count, or nil when the shape's extent would pass
    /// `Engine.maxElements` (checked before any buffer is made, so a typo
    /// cannot exhaust memory).
    public static func checkedCount(_ shape: [Int]) -> Int? {
        guard let e = extent(shape), e <= Engine.maxElements else { return nil }
        return shape.contains(0) ? 0 : e
    }

    /// The product of the sizes with 0 read as 1, or nil on overflow. An
    /// empty tensor of shape [0, 10¹²] holds nothing, but a reduction over its
    /// first axis, or printing it, works with its other sizes: limits apply
    /// to this, not to the element count.
    public static func extent(_ shape: [Int]) -> Int? {
        var total = 1
        for d in shape {
            let (p, overflow) = total.multipliedReportingOverflow(by: Swift.max(d, 1))
            if overflow { return nil }
            total = p
        }
        return total
    }

    static func requireSize(_ shape: [Int], _ what: String) throws {
        guard checkedCount(shape) != nil else {
            throw TensorError("\(what): the result \(describe(shape)) would have more than \(Engine.maxElements) elements")
        }
    }

    /// Row-major strides.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
        return s
    }

    /// `[2, 3]`, the form every message and the printer use.
    public static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// NumPy broadcasting: align on the right; sizes must match or be 1.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// Strides of `inner` read as if it had shape `outer` (0 along broadcast axes).
    static func broadcastStrides(_ inner: [Int], into outer: [Int]) -> [Int] {
        let own = strides(inner)
        let pad = outer.count - inner.count
        return (0..<outer.count).map { i in
            i < pad || inner[i - pad] == 1 ? 0 : own[i - pad]
        }
    }

    /// The offset in a tensor of shape `inner` that broadcasts to element
    /// `index` (row-major) of shape `outer`.
    public static func sourceOffset(of index: Int, in outer: [Int], from inner: [Int]) -> Int {
        let strides = broadcastStrides(inner, into: outer)
        var rest = index, offset = 0
        for axis in stride(from: outer.count - 1, through: 0, by: -1) {
            let size = Swift.max(outer[axis], 1)
            offset += (rest % size) * strides[axis]
            rest /= size
        }
        return offset
    }

    /// Normalises a possibly negative axis; nil when out of range.
    public static func axis(_ axis: Int, rank: Int) -> Int? {
        let a = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(a) ? a : nil
    }
}

/// Visits every position of `shape` in row-major order, yielding the offset
/// into a buffer laid out with `strides` (which may hold zeros for broadcasting).
@inline(__always)
func forEachOffset(shape: [Int], strides: [Int], _ body: (Int, Int) -> Void) {
    let total = Shape.count(shape)
    if total == 0 { return }
    let rank = shape.count
    if rank == 0 { body(0, 0); return }
    var index = [Int](repeating: 0, count: rank)
    var offset = 0
    let last = rank - 1
    let lastSize = shape[last], lastStride = strides[last]
    var linear = 0
    while linear < total {
        var o = offset
        for _ in 0..<lastSize { body(linear, o); linear += 1; o += lastStride }
        // Carry the odometer over the outer axes.
        var axis = last - 1
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < shape[axis] { break }
            offset -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}
