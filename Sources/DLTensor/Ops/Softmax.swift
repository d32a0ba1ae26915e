import DLKernel

extension Tensor {
    /// Numerically stable: the row maximum is subtracted before exp.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let sp = AxisSplit(shape, axis: try resolveAxis(axis, "softmax"), keepDims: true)
        var y = storage
        // The last axis (attention's scores, every classifier) has contiguous
        // rows, for the vector kernel: the strided index walk was a sixth of
        // an attention training step, and scalar expf a twelfth after it.
        if sp.inner == 1 {
            let n = sp.n, rows = sp.outer
            y.withUnsafeMutableBufferPointer { yp in if let base = yp.baseAddress { softmaxRows(rows: rows, n: n, base) } }
            return Tensor.result(shape, y, op: .softmax, parents: [self]) { g, _ in
                [[Float](unsafeUninitializedCapacity: y.count) { out, count in
                    g.withUnsafeBufferPointer { gp in y.withUnsafeBufferPointer { yp in
                        if let gb = gp.baseAddress { softmaxBackwardRows(rows: rows, n: n, y: yp.baseAddress!, up: gb, dx: out.baseAddress!) }
                    } }
                    count = y.count
                }]
            }
        }
        forEachLane(sp) { idx in
            var m = -Float.infinity
            for i in idx { m = Swift.max(m, y[i]) }
            var s = 0.0
            for i in idx { let e = fexp(y[i] - m); y[i] = e; s += Double(e) }
            let total = Float(s)
            for i in idx { y[i] /= total }
        }
        return Tensor.result(shape, y, op: .softmax, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: y.count)
            forEachLane(sp) { idx in
                var sum = 0.0
                for i in idx { sum += Double(g[i] * y[i]) }
                let dot = Float(sum)
                for i in idx { gx[i] = y[i] * (g[i] - dot) }
            }
            return [gx]
        }
    }

    /// x − max − log Σ exp(x − max), stable for large logits.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let sp = AxisSplit(shape, axis: try resolveAxis(axis, "log_softmax"), keepDims: true)
        var y = storage
        forEachLane(sp) { idx in
            var m = -Float.infinity
            for i in idx { m = Swift.max(m, y[i]) }
            var s = 0.0
            for i in idx { s += Double(fexp(y[i] - m)) }
            let lse = m + flog(Float(s))
            for i in idx { y[i] -= lse }
        }
        return Tensor.result(shape, y, op: .logSoftmax, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: y.count)
            forEachLane(sp) { idx in
                var sum = 0.0
                for i in idx { sum += Double(g[i]) }
                let total = Float(sum)
                for i in idx { gx[i] = g[i] - fexp(y[i]) * total }
            }
            return [gx]
        }
    }
}

/// Calls `body` with the storage positions of each lane along the split axis.
@inline(__always)
func forEachLane(_ sp: AxisSplit, _ body: (StrideTo<Int>) -> Void) {
    for o in 0..<sp.outer {
        for i in 0..<sp.inner {
            let start = o * sp.n * sp.inner + i
            body(stride(from: start, to: start + sp.n * sp.inner, by: sp.inner))
        }
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let softmax = Op(name: "softmax", formula: "∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ)  for y = softmax(x)",
                                  numbers: { s in
        let k = s.node.shape.last ?? 1, g = s.upstream, y = s.y
        let dot = (0..<Swift.min(k, g.count)).reduce(Float(0)) { $0 + g[$1] * y[$1] }
        return ["row 0: Σⱼ ∂L/∂yⱼ · yⱼ = \(OpText.n(dot))",
                "∂L/∂x₀ = y₀ (∂L/∂y₀ − Σ) = \(OpText.o(y[0])) × (\(OpText.o(s.g0)) − \(OpText.o(dot))) = \(OpText.n(y[0] * (s.g0 - dot)))"]
    })
    public static let logSoftmax = Op(name: "log_softmax", formula: "∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ  for y = log_softmax(x)",
                                  numbers: { s in
        let k = s.node.shape.last ?? 1, y = s.y
        let total = s.upstream.prefix(k).reduce(0, +)
        return ["row 0: Σⱼ ∂L/∂yⱼ = \(OpText.n(total)), softmax(x)₀ = e^\(OpText.o(y[0])) = \(OpText.n(fexp(y[0])))",
                "∂L/∂x₀ = \(OpText.o(s.g0)) − \(OpText.o(fexp(y[0]))) × \(OpText.o(total)) = \(OpText.n(s.g0 - fexp(y[0]) * total))"]
    })
}
