import TextFormat
extension Tensor {
    /// Row `id` of this [vocab, dim] table for every id: ids of shape S give
    /// S + [dim]. One op (not a one-hot matmul) because a one-hot product
    /// costs vocab times the work and memory of the lookup.
    public func embedding(_ ids: Tensor) throws -> Tensor {
        guard rank == 2 else {
            throw TensorError("embedding needs a [vocab, dim] table, got \(Shape.describe(shape))")
        }
        let (vocab, dim) = (shape[0], shape[1])
        var rows = [Int](repeating: 0, count: ids.count)
        for (i, v) in ids.storage.enumerated() {
            guard v.rounded() == v, v >= 0, v < Float(vocab) else {
                throw TensorError("embedding: id \(NumberFormat.shortest(v)) (at position \(i)) is not a whole number in 0..<\(vocab), the vocabulary size",
                                  help: "ids are integer positions in the vocabulary, e.g. from encode(corpus, text)")
            }
            rows[i] = Int(v)
        }
        try Shape.requireSize(ids.shape + [dim], "embedding")
        var y = [Float](repeating: 0, count: rows.count * dim)
        storage.withUnsafeBufferPointer { wp in y.withUnsafeMutableBufferPointer { yp in
            for (i, r) in rows.enumerated() {
                for j in 0..<dim { yp[i &* dim &+ j] = wp[r &* dim &+ j] }
            }
        } }
        let n = count
        return Tensor.result(ids.shape + [dim], y, op: .embedding, parents: [self, ids]) { g, _ in
            // Scatter-add: an id used twice gets both rows' gradients.
            var gw = [Float](repeating: 0, count: n)
            g.withUnsafeBufferPointer { gp in gw.withUnsafeMutableBufferPointer { wp in
                for (i, r) in rows.enumerated() {
                    for j in 0..<dim { wp[r &* dim &+ j] += gp[i &* dim &+ j] }
                }
            } }
            return [gw, nil]
        }
    }
}

extension Op {
    public static let embedding = Op(name: "embedding", formula: "∂L/∂W[id] = Σ ∂L/∂y over every position that looked up id;  ids get none",
                                     numbers: { s in
        let dim = s.inputs[0].shape.last ?? 1, id = Int(s.inputs[1].storage.first ?? 0)
        return ["row id of ∂L/∂W sums ∂L/∂out of every position that looked up id (\(dim) values per row)",
                "position 0 looked up id \(id): ∂L/∂W[\(id), 0] gets \(OpText.n(s.g0))"]
    })
}

/// The rows of an embedding lookup grouped by id. A row is its id's row of
/// the table, so any product of the rows with a matrix is the same for every
/// row of a group: an op after the lookup (the LSTM's input product) can work
/// once per id instead of once per row.
struct LookupRows {
    /// For each distinct id, in order of first use, the first row that looked it up.
    let firsts: [Int]
    /// For each row, the index of its id in `firsts`.
    let group: [Int]

    /// The first row of each id, from rows `width` floats wide: [ids, width].
    func firstRows(of x: UnsafePointer<Float>, width: Int) -> [Float] {
        var out = Tensor.unfilled(firsts.count * width)
        out.withUnsafeMutableBufferPointer { o in
            for (i, r) in firsts.enumerated() { (o.baseAddress! + i * width).update(from: x + r * width, count: width) }
        }
        return out
    }
}

extension Tensor {
    /// This tensor's rows grouped by id, when a recorded embedding lookup made
    /// it; nil for any other tensor, including a lookup made without recording.
    var lookupRows: LookupRows? {
        guard let node, node.op == .embedding, node.parents.count == 2, let vocab = node.parents[0].shape.first else { return nil }
        let ids = node.parents[1].storage
        guard vocab > 0, ids.count > 0, count % ids.count == 0 else { return nil }
        var slot = [Int](repeating: -1, count: vocab), firsts: [Int] = [], group = [Int](repeating: 0, count: ids.count)
        for (r, v) in ids.enumerated() {
            // The lookup checked its ids; the ids tensor is the caller's and is read again here.
            guard v >= 0, v < Float(vocab), let id = Int(exactly: v) else { return nil }
            if slot[id] < 0 {
                slot[id] = firsts.count
                firsts.append(r)
            }
            group[r] = slot[id]
        }
        return LookupRows(firsts: firsts, group: group)
    }

    /// `lookupRows` when grouping by id saves work: the rows have values
    /// and there are at most half as many ids as rows.
    var repeatedLookupRows: LookupRows? {
        guard count > 0, let rows = lookupRows, 2 * rows.firsts.count <= rows.group.count else { return nil }
        return rows
    }
}
