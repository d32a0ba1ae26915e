import DLKernel

extension Tensor {
    /// Y = X @ W + b for X [rows, in], W [in, out], b [out]: a dense layer as
    /// one op, as PyTorch's addmm is. The bias goes in as the product's tiles
    /// are stored; a separate add read and wrote every output again, and its
    /// gradient summed the rows outside the kernels. The values are the same
    /// bits as matmul followed by +.
    public func linear(weight w: Tensor, bias b: Tensor) throws -> Tensor {
        guard rank == 2, w.rank == 2, b.rank == 1, shape[1] == w.shape[0], b.shape[0] == w.shape[1] else {
            throw TensorError("linear: needs x [rows, in], weight [in, out] and bias [out], got \(Shape.describe(shape)), \(Shape.describe(w.shape)) and \(Shape.describe(b.shape))")
        }
        let rows = shape[0], inputs = shape[1], outputs = w.shape[1]
        try Shape.requireSize([rows, outputs], "linear")
        var y = Tensor.unfilled(rows * outputs)
        if inputs == 0 {
            // Every product is a sum of nothing: each row is b.
            for r in 0..<rows { for j in 0..<outputs { y[r * outputs + j] = b.storage[j] } }
        } else if !y.isEmpty {
            storage.withUnsafeBufferPointer { x in w.storage.withUnsafeBufferPointer { wp in b.storage.withUnsafeBufferPointer { bp in
                y.withUnsafeMutableBufferPointer { yp in
                    sgemm(m: rows, n: outputs, k: inputs, a: x.baseAddress!, aRowStride: inputs, aColStride: 1,
                          b: wp.baseAddress!, bRowStride: outputs, bColStride: 1, c: yp.baseAddress!, ldc: outputs,
                          accumulate: false, bias: bp.baseAddress!, threads: Engine.threads)
                }
            } } }
        }
        return Tensor.result([rows, outputs], y, op: .linear, parents: [self, w, b]) { g, parents in
            let x = parents[0], w = parents[1], b = parents[2]
            let empty = g.isEmpty || inputs == 0
            var dx: [Float]? = x.requiresGrad ? (empty ? [Float](repeating: 0, count: x.count) : Tensor.unfilled(x.count)) : nil
            var dw: [Float]? = w.requiresGrad ? (empty ? [Float](repeating: 0, count: w.count) : Tensor.unfilled(w.count)) : nil
            var db: [Float]? = b.requiresGrad ? [Float](repeating: 0, count: b.count) : nil
            g.withUnsafeBufferPointer { gp in
                guard let gp = gp.baseAddress, !g.isEmpty else { return }
                db?.withUnsafeMutableBufferPointer { d in columnSums(rows: rows, cols: outputs, gp, into: d.baseAddress!) }
                guard inputs > 0 else { return }
                x.storage.withUnsafeBufferPointer { xp in w.storage.withUnsafeBufferPointer { wp in
                    // ∂X = G @ Wᵀ
                    dx?.withUnsafeMutableBufferPointer { d in
                        sgemm(m: rows, n: inputs, k: outputs, a: gp, aRowStride: outputs, aColStride: 1,
                              b: wp.baseAddress!, bRowStride: 1, bColStride: outputs,
                              c: d.baseAddress!, ldc: inputs, accumulate: false, threads: Engine.threads)
                    }
                    // ∂W = Xᵀ @ G
                    dw?.withUnsafeMutableBufferPointer { d in
                        sgemm(m: inputs, n: outputs, k: rows, a: xp.baseAddress!, aRowStride: 1, aColStride: inputs,
                              b: gp, bRowStride: outputs, bColStride: 1,
                              c: d.baseAddress!, ldc: outputs, accumulate: false, threads: Engine.threads)
                    }
                } }
            }
            return [dx, dw, db]
        }
    }
}

extension Op {
    public static let linear = Op(
        name: "linear",
        formula: "∂L/∂X = ∂L/∂Y @ Wᵀ,  ∂L/∂W = Xᵀ @ ∂L/∂Y,  ∂L/∂b = Σ over rows of ∂L/∂Y  for Y = X @ W + b",
        numbers: { s in
            let x = s.inputs[0], w = s.inputs[1], rows = x.shape.first ?? 0
            var lines = ["X \(Shape.describe(x.shape)) @ W \(Shape.describe(w.shape)) → Y \(Shape.describe(s.node.shape)); each gradient has its operand's shape"]
            if let db = s.contributions[2]?.first {
                lines.append("∂L/∂b[0] = Σ of ∂L/∂Y[:, 0] over \(rows == 1 ? "1 row" : "\(rows) rows") = \(OpText.n(db))")
            }
            if let dx = s.contributions[0]?.first {
                lines.append("∂L/∂X[0, 0] = row 0 of ∂L/∂Y · row 0 of W = \(OpText.n(dx))")
            } else if let dw = s.contributions[1]?.first {
                lines.append("∂L/∂W[0, 0] = column 0 of X · column 0 of ∂L/∂Y = \(OpText.n(dw))")
            }
            return lines
        })
}
