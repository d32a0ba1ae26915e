import DLKernel

extension Tensor {
    /// Multi-head scaled dot-product attention as one op: q, k and v
    /// [batch, time, d] split into `heads` slices of d/heads features; per
    /// batch entry and head, W = softmax(Q·Kᵀ/√(d/heads)) (with later keys
    /// hidden when causal) and the output's slice is W·V. Returns the output
    /// [batch, time, d], heads side by side, and W [batch, heads, time, time]
    /// (not recorded: what `last_weights` shows).
    ///
    /// One op, not eleven: splitting heads, transposing K, scaling, masking
    /// and merging each copied the scores or the features, and were a
    /// quarter of a GPT's training. Here the products read each head's
    /// slice in place, by strides.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, causal: Bool) throws -> (output: Tensor, weights: Tensor) {
        guard q.rank == 3, k.shape == q.shape, v.shape == q.shape else {
            throw TensorError("attention: q, k and v must be one shape [batch, time, d], got \(Shape.describe(q.shape)), \(Shape.describe(k.shape)) and \(Shape.describe(v.shape))")
        }
        let batch = q.shape[0], time = q.shape[1], d = q.shape[2]
        guard heads > 0, d % heads == 0 else {
            throw TensorError("attention: \(d) features do not split into \(heads) heads")
        }
        try Shape.requireSize([batch, heads, time, time], "attention")
        let dh = d / heads, groups = batch * heads, tt = time * time
        let scale = 1 / Float(dh).squareRoot()
        // Every element is written by the heads' products (masked weights are set to 0).
        var weights = Tensor.unfilled(groups * tt), out = Tensor.unfilled(batch * time * d)
        let threads = Engine.threads
        q.storage.withUnsafeBufferPointer { qp in k.storage.withUnsafeBufferPointer { kp in v.storage.withUnsafeBufferPointer { vp in
        weights.withUnsafeMutableBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            guard groups > 0, time > 0, dh > 0 else { return }
            let (q, k, v, weights, out) = (qp.baseAddress!, kp.baseAddress!, vp.baseAddress!, wp.baseAddress!, op.baseAddress!)
            // Each head writes its own weights and its own columns of the output.
            parallelChunks(groups, threads: threads) { g in
                let b = g / heads, h = g % heads
                let base = b * time * d + h * dh
                let w = weights + g * tt
                // Scores Q·Kᵀ: K's slice read transposed, by strides.
                sgemm(m: time, n: time, k: dh, a: q + base, aRowStride: d, aColStride: 1,
                      b: k + base, bRowStride: 1, bColStride: d, c: w, ldc: time, accumulate: false, threads: 1)
                maskedSoftmaxRows(n: time, scale: scale, causal: causal, w)
                sgemm(m: time, n: dh, k: time, a: w, aRowStride: time, aColStride: 1,
                      b: v + base, bRowStride: d, bColStride: 1, c: out + base, ldc: d, accumulate: false, threads: 1)
            }
        } } } } }
        let kept = weights
        let output = Tensor.result([batch, time, d], out, op: .attention, parents: [q, k, v]) { up, inputs in
            let q = inputs[0], k = inputs[1], v = inputs[2]
            var dq = Tensor.unfilled(q.count), dk = Tensor.unfilled(q.count), dv = Tensor.unfilled(q.count)
            up.withUnsafeBufferPointer { upp in kept.withUnsafeBufferPointer { wp in
            q.storage.withUnsafeBufferPointer { qp in k.storage.withUnsafeBufferPointer { kp in v.storage.withUnsafeBufferPointer { vp in
            dq.withUnsafeMutableBufferPointer { dqp in dk.withUnsafeMutableBufferPointer { dkp in dv.withUnsafeMutableBufferPointer { dvp in
                guard groups > 0, time > 0, dh > 0 else { return }
                let (q, k, v, weights, up) = (qp.baseAddress!, kp.baseAddress!, vp.baseAddress!, wp.baseAddress!, upp.baseAddress!)
                let (dq, dk, dv) = (dqp.baseAddress!, dkp.baseAddress!, dvp.baseAddress!)
                // Each head writes its own columns of the three gradients.
                parallelChunks(groups, threads: threads) { g in
                    let b = g / heads, h = g % heads
                    let base = b * time * d + h * dh
                    let w = weights + g * tt, dO = up + base
                    // The scratch holds ∂L/∂W, then (in place) ∂L/∂scores.
                    let dS = UnsafeMutablePointer<Float>.allocate(capacity: tt)
                    defer { dS.deallocate() }
                    sgemm(m: time, n: time, k: dh, a: dO, aRowStride: d, aColStride: 1,
                          b: v + base, bRowStride: 1, bColStride: d, c: dS, ldc: time, accumulate: false, threads: 1)
                    softmaxBackwardRows(rows: time, n: time, y: w, up: dS, dx: dS, scale: scale)
                    sgemm(m: time, n: dh, k: time, a: dS, aRowStride: time, aColStride: 1,
                          b: k + base, bRowStride: d, bColStride: 1, c: dq + base, ldc: d, accumulate: false, threads: 1)
                    sgemm(m: time, n: dh, k: time, a: dS, aRowStride: 1, aColStride: time,
                          b: q + base, bRowStride: d, bColStride: 1, c: dk + base, ldc: d, accumulate: false, threads: 1)
                    sgemm(m: time, n: dh, k: time, a: w, aRowStride: 1, aColStride: time,
                          b: dO, bRowStride: d, bColStride: 1, c: dv + base, ldc: d, accumulate: false, threads: 1)
                }
            } } } } } } } }
            return [q.requiresGrad ? dq : nil, k.requiresGrad ? dk : nil, v.requiresGrad ? dv : nil]
        }
        return (output, Tensor(shape: [batch, heads, time, time], storage: weights))
    }
}

extension Op {
    public static let attention = Op(
        name: "attention",
        formula: "per head: W = softmax(Q·Kᵀ/√d), Y = W·V;  ∂L/∂V = Wᵀ·∂L/∂Y,  ∂L/∂W = ∂L/∂Y·Vᵀ,  ∂L/∂S = W ⊙ (∂L/∂W − Σ ∂L/∂W ⊙ W)/√d,  ∂L/∂Q = ∂L/∂S·K,  ∂L/∂K = ∂L/∂Sᵀ·Q",
        numbers: { s in
            guard let d = s.node.shape.last, d > 0, s.node.count >= d else { return [] }
            var lines = ["sample 0, step 0: Y = \(OpText.values(Array(s.node.storage[0..<d]))), each head's slice a weighted average of its values"]
            let grads = (0..<3).compactMap { i in s.contributions[i].flatMap(\.first).map { (["Q", "K", "V"][i], $0) } }
            if !grads.isEmpty {
                lines.append(grads.map { "∂L/∂\($0.0)[0, 0, 0] = \(OpText.n($0.1))" }.joined(separator: ",  "))
            }
            return lines
        })
}
