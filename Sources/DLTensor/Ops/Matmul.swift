import DLKernel

extension Tensor {
    /// NumPy's matmul: 1-D operands are promoted (and the added axis removed
    /// afterwards); leading batch axes broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        let a = self, b = other
        guard a.rank >= 1 && b.rank >= 1 else {
            throw TensorError("cannot multiply \(Shape.describe(a.shape)) @ \(Shape.describe(b.shape)): both sides need at least one axis",
                              help: "use * to scale by a number")
        }
        let aShape = a.rank == 1 ? [1] + a.shape : a.shape
        let bShape = b.rank == 1 ? b.shape + [1] : b.shape
        let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1]
        let k2 = bShape[bShape.count - 2], n = bShape[bShape.count - 1]
        guard k == k2 else {
            throw TensorError("cannot multiply \(Shape.describe(a.shape)) @ \(Shape.describe(b.shape)): inner sizes \(k) and \(k2) differ")
        }
        let aBatch = Array(aShape.dropLast(2)), bBatch = Array(bShape.dropLast(2))
        guard let batch = Shape.broadcast(aBatch, bBatch) else {
            throw TensorError("cannot multiply \(Shape.describe(a.shape)) @ \(Shape.describe(b.shape)): batch axes \(Shape.describe(aBatch)) and \(Shape.describe(bBatch)) do not broadcast")
        }
        let batchCount = Shape.count(batch)
        // Per batch entry, where its A and B matrices start.
        var aOff = [Int](repeating: 0, count: batchCount), bOff = [Int](repeating: 0, count: batchCount)
        forEachOffset(shape: batch, strides: Shape.broadcastStrides(aBatch, into: batch)) { i, o in aOff[i] = o * m * k }
        forEachOffset(shape: batch, strides: Shape.broadcastStrides(bBatch, into: batch)) { i, o in bOff[i] = o * k * n }

        try Shape.requireSize(batch + [m, n], "matmul")
        var outShape = batch + [m, n]
        if b.rank == 1 { outShape.removeLast() }
        if a.rank == 1 { outShape.remove(at: outShape.count - (b.rank == 1 ? 1 : 2)) }

        // The kernel overwrites (accumulate: false), so the output needs no zero fill.
        var y = [Float](unsafeUninitializedCapacity: batchCount * m * n) { _, count in count = batchCount * m * n }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                y.withUnsafeMutableBufferPointer { cp in
                    for t in 0..<batchCount {
                        sgemm(m: m, n: n, k: k, a: ap.baseAddress! + aOff[t], aRowStride: k, aColStride: 1,
                              b: bp.baseAddress! + bOff[t], bRowStride: n, bColStride: 1,
                              c: cp.baseAddress! + t * m * n, ldc: n, accumulate: false, threads: Engine.threads)
                    }
                }
            }
        }
        return Tensor.result(outShape, y, op: .matmul, parents: [a, b]) { g, inputs in
            let a = inputs[0], b = inputs[1]
            var ga: [Float]? = nil, gb: [Float]? = nil
            g.withUnsafeBufferPointer { gp in
                if a.requiresGrad {
                    // dA = G @ Bᵀ; batch-broadcast entries accumulate into the same A
                    // (a single product overwrites, so no zero fill is needed).
                    let single = batchCount == 1
                    var d = single ? [Float](unsafeUninitializedCapacity: a.count) { _, c in c = a.count }
                                   : [Float](repeating: 0, count: a.count)
                    a.storage.withUnsafeBufferPointer { _ in
                        b.storage.withUnsafeBufferPointer { bp in
                            d.withUnsafeMutableBufferPointer { dp in
                                for t in 0..<batchCount {
                                    sgemm(m: m, n: k, k: n, a: gp.baseAddress! + t * m * n, aRowStride: n, aColStride: 1,
                                          b: bp.baseAddress! + bOff[t], bRowStride: 1, bColStride: n,
                                          c: dp.baseAddress! + aOff[t], ldc: k, accumulate: !single, threads: Engine.threads)
                                }
                            }
                        }
                    }
                    ga = d
                }
                if b.requiresGrad {
                    // dB = Aᵀ @ G.
                    let single = batchCount == 1
                    var d = single ? [Float](unsafeUninitializedCapacity: b.count) { _, c in c = b.count }
                                   : [Float](repeating: 0, count: b.count)
                    a.storage.withUnsafeBufferPointer { ap in
                        d.withUnsafeMutableBufferPointer { dp in
                            for t in 0..<batchCount {
                                sgemm(m: k, n: n, k: m, a: ap.baseAddress! + aOff[t], aRowStride: 1, aColStride: k,
                                      b: gp.baseAddress! + t * m * n, bRowStride: n, bColStride: 1,
                                      c: dp.baseAddress! + bOff[t], ldc: n, accumulate: !single, threads: Engine.threads)
                            }
                        }
                    }
                    gb = d
                }
            }
            return [ga, gb]
        }
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let matmul = Op(name: "matmul", formula: "∂L/∂A = ∂L/∂Y @ Bᵀ,  ∂L/∂B = Aᵀ @ ∂L/∂Y  for Y = A @ B",
                                  numbers: { s in
        let a = s.inputs[0], b = s.inputs[1]
        return ["∂L/∂A = ∂L/∂Y @ Bᵀ: \(Shape.describe(s.node.shape)) @ \(Shape.describe(b.shape.reversed())) → \(Shape.describe(a.shape))",
                "∂L/∂B = Aᵀ @ ∂L/∂Y: \(Shape.describe(a.shape.reversed())) @ \(Shape.describe(s.node.shape)) → \(Shape.describe(b.shape))",
                s.contributions[0] != nil
                    ? "element [0, 0] of ∂L/∂A: row 0 of ∂L/∂Y · row 0 of B = \(OpText.n(s.contributions[0]?.first ?? 0))"
                    : "element [0, 0] of ∂L/∂B: column 0 of A · column 0 of ∂L/∂Y = \(OpText.n(s.contributions[1]?.first ?? 0))"]
    })
}
