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
