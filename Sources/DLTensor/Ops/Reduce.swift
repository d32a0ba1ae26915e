/// Sums accumulate in Double with Neumaier's compensation: a float32 running
/// total stops growing at 2²⁴ (sum(ones(20000000)) was 16777216), and even a
/// Double total drops small terms next to large ones (a million 1e-3s after a
/// million 1e8s vanished: 1e-3 is under half a Double ulp of 1e14). The
/// compensation keeps what each addition rounded off, so the result is the
/// exact sum rounded once, for any order of the terms. Four independent
/// totals let the loop pipeline.
@inline(__always)
func doubleSum(_ x: UnsafeBufferPointer<Float>) -> Double {
    var s = CompensatedSum(), t1 = CompensatedSum(), t2 = CompensatedSum(), t3 = CompensatedSum()
    let n = x.count, body = n & ~3
    var i = 0
    while i < body {
        s.add(Double(x[i])); t1.add(Double(x[i + 1])); t2.add(Double(x[i + 2])); t3.add(Double(x[i + 3]))
        i += 4
    }
    while i < n { s.add(Double(x[i])); i += 1 }
    s.add(t1); s.add(t2); s.add(t3)
    return s.value
}

/// A running total and what its additions rounded off (Neumaier, 1974).
struct CompensatedSum {
    var total = 0.0, lost = 0.0

    @inline(__always)
    mutating func add(_ x: Double) {
        let t = total + x
        lost += abs(total) >= abs(x) ? (total - t) + x : (x - t) + total
        total = t
    }

    @inline(__always)
    mutating func add(_ other: CompensatedSum) {
        add(other.total)
        add(other.lost)
    }

    var value: Double { total + lost }
}

/// A reduction axis seen as [outer, n, inner] over the contiguous storage.
struct AxisSplit {
    let outer: Int, n: Int, inner: Int
    let outShape: [Int]

    init(_ shape: [Int], axis: Int, keepDims: Bool) {
        outer = Shape.count(Array(shape[..<axis]))
        n = shape[axis]
        inner = Shape.count(Array(shape[(axis + 1)...]))
        var s = shape
        if keepDims { s[axis] = 1 } else { s.remove(at: axis) }
        outShape = s
    }
}

extension Tensor {
    func resolveAxis(_ axis: Int, _ fn: String) throws -> Int {
        guard let a = Shape.axis(axis, rank: rank) else {
            throw TensorError("\(fn): axis \(axis) is out of range for shape \(Shape.describe(shape)) (rank \(rank))")
        }
        return a
    }

    public func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        guard let axis else {
            let s = Float(storage.withUnsafeBufferPointer(doubleSum))
            let n = count
            return Tensor.result(keepDims ? shape.map { _ in 1 } : [], [s], op: .sum, parents: [self]) { g, _ in
                [[Float](repeating: g[0], count: n)]
            }
        }
        let sp = AxisSplit(shape, axis: try resolveAxis(axis, "sum"), keepDims: keepDims)
        var totals = [CompensatedSum](repeating: CompensatedSum(), count: sp.outer * sp.inner)
        storage.withUnsafeBufferPointer { x in
            totals.withUnsafeMutableBufferPointer { t in
                for o in 0..<sp.outer {
                    if sp.inner == 1 {
                        t[o].total = doubleSum(UnsafeBufferPointer(rebasing: x[(o * sp.n)..<((o + 1) * sp.n)]))
                        continue
                    }
                    for k in 0..<sp.n {
                        let base = (o * sp.n + k) * sp.inner
                        for i in 0..<sp.inner { t[o * sp.inner + i].add(Double(x[base + i])) }
                    }
                }
            }
        }
        let out = totals.map { Float($0.value) }
        let n = count
        return Tensor.result(sp.outShape, out, op: .sum, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: n)
            for o in 0..<sp.outer {
                for k in 0..<sp.n {
                    let base = (o * sp.n + k) * sp.inner
                    for i in 0..<sp.inner { gx[base + i] = g[o * sp.inner + i] }
                }
            }
            return [gx]
        }
    }

    public func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let n: Int
        if let axis { n = shape[try resolveAxis(axis, "mean")] } else { n = count }
        guard n > 0 else { throw TensorError("mean of an empty tensor") }
        let s = try GradMode.withoutRecording { try sum(axis: axis, keepDims: keepDims) }
        let inv = 1 / Float(n)
        let total = count
        let src = shape
        return Tensor.result(s.shape, s.storage.map { $0 * inv }, op: .mean, parents: [self]) { g, _ in
            // Spread each upstream value over the n inputs it averaged.
            let up = Tensor(shape: s.shape, storage: g.map { $0 * inv })
            if axis == nil { return [[Float](repeating: up.storage[0], count: total)] }
            let a = Shape.axis(axis!, rank: src.count)!
            let sp = AxisSplit(src, axis: a, keepDims: keepDims)
            var gx = [Float](repeating: 0, count: total)
            for o in 0..<sp.outer { for k in 0..<sp.n { for i in 0..<sp.inner {
                gx[(o * sp.n + k) * sp.inner + i] = up.storage[o * sp.inner + i]
            } } }
            return [gx]
        }
    }

    /// Index (within the axis) of the largest / smallest value, first on ties.
    func extremeIndices(axis: Int?, largest: Bool, _ fn: String) throws -> (AxisSplit, [Int]) {
        guard count > 0 else { throw TensorError("\(fn) of an empty tensor") }
        let sp: AxisSplit
        if let axis { sp = AxisSplit(shape, axis: try resolveAxis(axis, fn), keepDims: false) }
        else { sp = AxisSplit([count], axis: 0, keepDims: false) }
        var idx = [Int](repeating: 0, count: sp.outer * sp.inner)
        storage.withUnsafeBufferPointer { x in
            for o in 0..<sp.outer {
                for i in 0..<sp.inner {
                    var best = x[o * sp.n * sp.inner + i], bestK = 0
                    for k in 1..<Swift.max(sp.n, 1) {
                        let v = x[(o * sp.n + k) * sp.inner + i]
                        // NaN wins, as in NumPy, so it is never hidden.
                        if (largest ? v > best : v < best) || (v.isNaN && !best.isNaN) { best = v; bestK = k }
                    }
                    idx[o * sp.inner + i] = bestK
                }
            }
        }
        return (sp, idx)
    }

    func extreme(axis: Int?, keepDims: Bool, largest: Bool) throws -> Tensor {
        let fn = largest ? "max" : "min"
        let (sp, idx) = try extremeIndices(axis: axis, largest: largest, fn)
        let x = storage
        let values = (0..<idx.count).map { j in x[((j / sp.inner) * sp.n + idx[j]) * sp.inner + j % sp.inner] }
        var outShape = axis == nil ? [] : sp.outShape
        if keepDims {
            if let axis, let a = Shape.axis(axis, rank: rank) { outShape.insert(1, at: a) }
            else { outShape = shape.map { _ in 1 } }
        }
        let n = count
        return Tensor.result(outShape, values, op: largest ? .max : .min, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: n)
            for j in 0..<idx.count { gx[((j / sp.inner) * sp.n + idx[j]) * sp.inner + j % sp.inner] += g[j] }
            return [gx]
        }
    }

    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor { try extreme(axis: axis, keepDims: keepDims, largest: true) }
    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor { try extreme(axis: axis, keepDims: keepDims, largest: false) }

    /// Not differentiable: returns positions as a float tensor of integers.
    public func argmax(axis: Int? = nil) throws -> Tensor {
        let (sp, idx) = try extremeIndices(axis: axis, largest: true, "argmax")
        return Tensor(shape: axis == nil ? [] : sp.outShape, storage: idx.map(Float.init))
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let sum = Op(name: "sum", formula: "∂(Σⱼ xⱼ)/∂xᵢ = 1",
                                  numbers: { s in ["each of the \(s.x.count) inputs gets ∂L/∂out × 1 = \(OpText.n(s.g0))" + (s.upstream.count > 1 ? " (per output)" : "")] })
    public static let mean = Op(name: "mean", formula: "∂(mean x)/∂xᵢ = 1/n",
                                  numbers: { s in
        let count = s.x.count / Swift.max(s.upstream.count, 1)
        return ["each of the \(count) inputs per output gets ∂L/∂out / n = \(OpText.o(s.g0)) / \(count) = \(OpText.n(s.g0 / Float(count)))"]
    })
    public static let max = Op(name: "max", formula: "∂ max(x)/∂xᵢ = 1 at the (first) largest xᵢ, else 0",
                                  numbers: { _ in ["only the largest input of each reduction gets ∂L/∂out; the others get 0"] })
    public static let min = Op(name: "min", formula: "∂ min(x)/∂xᵢ = 1 at the (first) smallest xᵢ, else 0",
                                  numbers: { _ in ["only the smallest input of each reduction gets ∂L/∂out; the others get 0"] })
}
