extension Tensor {
    /// One axis may be -1 and is inferred.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        let known = target.filter { $0 != -1 }
        if unknown.count > 1 || known.contains(where: { $0 < 0 }) {
            throw TensorError("reshape: sizes must be positive, with at most one -1 to infer, got \(Shape.describe(newShape))")
        }
        if let u = unknown.first {
            // Checked: sizes like 1e12, 1e12 would overflow the product.
            guard let rest = Shape.checkedCount(known), rest > 0 && count % rest == 0 else {
                throw TensorError("cannot reshape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(newShape))")
            }
            target[u] = count / rest
        }
        guard Shape.checkedCount(target) == count else {
            let n = Shape.checkedCount(target).map(String.init) ?? "too many"
            throw TensorError("cannot reshape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(target)) (\(n) elements)")
        }
        return Tensor.result(target, storage, op: .reshape, parents: [self]) { g, _ in [g] }
    }

    /// Copies out the elements at `offsets`; backward adds the gradient back
    /// into those positions. Slicing, indexing and transposes are all this.
    func gather(_ offsets: [Int], shape outShape: [Int], op: Op) -> Tensor {
        let x = storage
        let y = [Float](unsafeUninitializedCapacity: offsets.count) { out, n in
            for i in 0..<offsets.count { out[i] = x[offsets[i]] }
            n = offsets.count
        }
        let n = count
        return Tensor.result(outShape, y, op: op, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: n)
            for i in 0..<offsets.count { gx[offsets[i]] += g[i] }
            return [gx]
        }
    }

    /// Reorders axes: output axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws -> Tensor {
        let resolved = axes.compactMap { Shape.axis($0, rank: rank) }
        guard resolved.count == rank && Set(resolved).count == rank else {
            throw TensorError("transpose: axes \(Shape.describe(axes)) are not a permutation of \(rank) axes")
        }
        let strides = Shape.strides(shape)
        let outShape = resolved.map { shape[$0] }
        var offsets = [Int](repeating: 0, count: count)
        forEachOffset(shape: outShape, strides: resolved.map { strides[$0] }) { i, o in offsets[i] = o }
        return gather(offsets, shape: outShape, op: .transpose)
    }

    /// All axes reversed, as NumPy's `.T`.
    public func transposed() throws -> Tensor { try permuted(Array((0..<rank).reversed())) }
}

/// One entry of an index expression `x[...]`.
public enum IndexItem: Sendable, Equatable {
    case at(Int)
    case range(start: Int?, stop: Int?, step: Int?)
    /// Integer positions along this axis (from an integer tensor).
    case positions([Int], shape: [Int])
}

extension Tensor {
    /// NumPy basic indexing plus integer-array indices (each applied to its own axis).
    public func indexed(_ items: [IndexItem]) throws -> Tensor {
        let (offsets, outShape) = try indexPlan(items)
        return gather(offsets, shape: outShape, op: .index)
    }

    /// The storage offsets an index expression selects, and the result's shape.
    func indexPlan(_ items: [IndexItem]) throws -> (offsets: [Int], shape: [Int]) {
        guard items.count <= rank else {
            throw TensorError("too many indices: \(items.count) for a tensor of shape \(Shape.describe(shape))")
        }
        let strides = Shape.strides(shape)
        // Per axis: the source positions it takes, and whether the axis stays.
        var picks: [[Int]] = []
        var outShape: [Int] = []
        for axis in 0..<rank {
            let size = shape[axis]
            let item = axis < items.count ? items[axis] : .range(start: nil, stop: nil, step: nil)
            switch item {
            case .at(let i):
                let j = i < 0 ? i + size : i
                guard (0..<size).contains(j) else {
                    throw TensorError("index \(i) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))")
                }
                picks.append([j])
            case .range(let start, let stop, let step):
                let s = step ?? 1
                guard s != 0 else { throw TensorError("slice step cannot be 0") }
                picks.append(sliceIndices(size: size, start: start, stop: stop, step: s))
                outShape.append(picks.last!.count)
            case .positions(let ps, let pshape):
                var resolved: [Int] = []
                for p in ps {
                    let j = p < 0 ? p + size : p
                    guard (0..<size).contains(j) else {
                        throw TensorError("index \(p) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))")
                    }
                    resolved.append(j)
                }
                picks.append(resolved)
                outShape.append(contentsOf: pshape)
            }
        }
        try Shape.requireSize(picks.map(\.count), "indexing")
        // Cartesian product of the picks, in row-major order.
        var offsets = [0]
        for axis in 0..<rank {
            let st = strides[axis]
            var next: [Int] = []
            next.reserveCapacity(offsets.count * picks[axis].count)
            for base in offsets { for p in picks[axis] { next.append(base + p * st) } }
            offsets = next
        }
        return (offsets, outShape)
    }
}

/// Python's slice semantics for one axis.
public func sliceIndices(size: Int, start: Int?, stop: Int?, step: Int) -> [Int] {
    func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v, lo), hi) }
    if step > 0 {
        var a = start ?? 0, b = stop ?? size
        if a < 0 { a += size }; if b < 0 { b += size }
        a = clamp(a, 0, size); b = clamp(b, 0, size)
        return Array(stride(from: a, to: b, by: step))
    } else {
        var a = start ?? size - 1, b = stop ?? -size - 1
        if a < 0 { a += size }; if b < 0 { b += size }
        a = clamp(a, -1, size - 1); b = clamp(b, -1, size - 1)
        return Array(stride(from: a, to: b, by: step))
    }
}

extension Tensor {
    public static func concat(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorError("concat needs at least one tensor") }
        guard let ax = Shape.axis(axis, rank: first.rank) else {
            throw TensorError("concat: axis \(axis) is out of range for shape \(Shape.describe(first.shape))")
        }
        for p in parts where p.rank != first.rank || (0..<first.rank).contains(where: { $0 != ax && p.shape[$0] != first.shape[$0] }) {
            throw TensorError("concat: shapes \(Shape.describe(first.shape)) and \(Shape.describe(p.shape)) differ outside axis \(axis)")
        }
        let outer = Shape.count(Array(first.shape[..<ax]))
        let inner = Shape.count(Array(first.shape[(ax + 1)...]))
        let widths = parts.map { $0.shape[ax] * inner }
        let total = widths.reduce(0, +)
        var y = [Float](); y.reserveCapacity(outer * total)
        for o in 0..<outer {
            for (p, w) in zip(parts, widths) { y.append(contentsOf: p.storage[(o * w)..<((o + 1) * w)]) }
        }
        var shape = first.shape
        shape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        return result(shape, y, op: .concat, parents: parts) { g, _ in
            var grads = widths.map { [Float](repeating: 0, count: outer * $0) }
            var pos = 0
            for o in 0..<outer {
                for (j, w) in widths.enumerated() {
                    for i in 0..<w { grads[j][o * w + i] = g[pos + i] }
                    pos += w
                }
            }
            return grads
        }
    }

    /// Stacks equal shapes along a new axis (a reshape of each, then concat).
    public static func stack(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorError("stack needs at least one tensor") }
        for p in parts where p.shape != first.shape {
            throw TensorError("stack: shapes \(Shape.describe(first.shape)) and \(Shape.describe(p.shape)) differ")
        }
        guard let ax = Shape.axis(axis, rank: first.rank + 1) else {
            throw TensorError("stack: axis \(axis) is out of range for \(first.rank + 1) axes")
        }
        var s = first.shape; s.insert(1, at: ax)
        return try concat(parts.map { try $0.reshaped(s) }, axis: ax)
    }
}

extension Tensor {
    /// Unrecorded write of `value` (broadcast) into the indexed positions.
    public func assign(_ value: Tensor, at items: [IndexItem]) throws {
        let (offsets, shape) = try indexPlan(items)
        guard Shape.broadcast(shape, value.shape) == shape else {
            throw TensorError("cannot store \(Shape.describe(value.shape)) into a selection of shape \(Shape.describe(shape))")
        }
        let values = broadcastMap(Tensor.zeros(shape), value, shape) { _, v in v }
        for (o, v) in zip(offsets, values) { storage[o] = v }
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let reshape = Op(name: "reshape", formula: "∂L/∂x = reshape(∂L/∂y, x.shape)",
                                  numbers: Op.movesOnly)
    public static let transpose = Op(name: "transpose", formula: "∂L/∂x = ∂L/∂y with the axes permuted back",
                                  numbers: Op.movesOnly)
    public static let index = Op(name: "index", formula: "∂L/∂x = ∂L/∂y added into the selected positions, 0 elsewhere",
                                  numbers: Op.movesOnly)
    public static let concat = Op(name: "concat", formula: "∂L/∂xₖ = the slice of ∂L/∂y that xₖ filled",
                                  numbers: Op.movesOnly)

    /// Ops that only move values: the gradient goes back where each value came from.
    static let movesOnly: @Sendable (BackwardStep) -> [String] = { _ in
        ["no arithmetic: each gradient value goes back to the position its value came from"]
    }
}
