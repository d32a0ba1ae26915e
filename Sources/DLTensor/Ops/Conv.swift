import DLKernel

extension Tensor {
    /// 2-D cross-correlation as PyTorch's Conv2d: x [batch, in, h, w], weight
    /// [out, in, kh, kw], bias [out] → [batch, out, oh, ow]. One op (not
    /// composed) because im2col plus one matrix product is what makes it fast.
    public func conv2d(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) throws -> Tensor {
        guard rank == 4, weight.rank == 4 else {
            throw TensorError("conv2d needs input [batch, channels, h, w] and weight [out, in, kh, kw], got \(Shape.describe(shape)) and \(Shape.describe(weight.shape))")
        }
        let (b, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (oc, ic, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard ic == c else {
            throw TensorError("conv2d: the input has \(c) channels but the weight expects \(ic)")
        }
        guard stride >= 1, padding >= 0 else { throw TensorError("conv2d: stride must be at least 1 and padding at least 0") }
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
        guard oh > 0, ow > 0 else {
            throw TensorError("conv2d: a \(kh)×\(kw) kernel does not fit a \(h)×\(w) input with padding \(padding)")
        }
        if let bias, bias.shape != [oc] {
            throw TensorError("conv2d: bias must have shape [\(oc)], got \(Shape.describe(bias.shape))")
        }
        let rows = b * oh * ow, k = c * kh * kw
        // Each row of `cols` is one output position's receptive field; -1 marks padding.
        var source = [Int](repeating: -1, count: rows * k)
        for n in 0..<b { for y in 0..<oh { for xo in 0..<ow {
            let r = (n * oh + y) * ow + xo
            for ch in 0..<c { for i in 0..<kh { for j in 0..<kw {
                let iy = y * stride + i - padding, ix = xo * stride + j - padding
                if iy >= 0 && iy < h && ix >= 0 && ix < w {
                    source[r * k + (ch * kh + i) * kw + j] = ((n * c + ch) * h + iy) * w + ix
                }
            } } }
        } } }
        let x = storage
        let cols = source.map { $0 < 0 ? 0 : x[$0] }
        // out[r, o] = cols[r, :] · weight[o, :]
        var out = [Float](repeating: 0, count: rows * oc)
        cols.withUnsafeBufferPointer { cp in weight.storage.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            sgemm(m: rows, n: oc, k: k, a: cp.baseAddress!, aRowStride: k, aColStride: 1,
                  b: wp.baseAddress!, bRowStride: 1, bColStride: k, c: op.baseAddress!, ldc: oc,
                  accumulate: false, threads: Engine.threads)
        } } }
        let biasValues = bias?.storage
        // To [batch, out, oh, ow].
        var y = [Float](repeating: 0, count: rows * oc)
        let plane = oh * ow
        for n in 0..<b { for o in 0..<oc { for p in 0..<plane {
            y[(n * oc + o) * plane + p] = out[(n * plane + p) * oc + o] + (biasValues?[o] ?? 0)
        } } }
        let parents = bias.map { [self, weight, $0] } ?? [self, weight]
        let inputCount = count
        return Tensor.result([b, oc, oh, ow], y, op: .conv2d, parents: parents) { g, inputs in
            // Upstream back to [rows, out].
            var gr = [Float](repeating: 0, count: rows * oc)
            for n in 0..<b { for o in 0..<oc { for p in 0..<plane {
                gr[(n * plane + p) * oc + o] = g[(n * oc + o) * plane + p]
            } } }
            var gradients: [[Float]?] = []
            // ∂L/∂x: (G @ W) scattered back through the receptive fields.
            if inputs[0].requiresGrad {
                var gcols = [Float](repeating: 0, count: rows * k)
                gr.withUnsafeBufferPointer { gp in inputs[1].storage.withUnsafeBufferPointer { wp in gcols.withUnsafeMutableBufferPointer { cp in
                    sgemm(m: rows, n: k, k: oc, a: gp.baseAddress!, aRowStride: oc, aColStride: 1,
                          b: wp.baseAddress!, bRowStride: k, bColStride: 1, c: cp.baseAddress!, ldc: k,
                          accumulate: false, threads: Engine.threads)
                } } }
                var gx = [Float](repeating: 0, count: inputCount)
                for (i, s) in source.enumerated() where s >= 0 { gx[s] += gcols[i] }
                gradients.append(gx)
            } else {
                gradients.append(nil)
            }
            // ∂L/∂W = Gᵀ @ cols.
            var gw = [Float](repeating: 0, count: oc * k)
            gr.withUnsafeBufferPointer { gp in cols.withUnsafeBufferPointer { cp in gw.withUnsafeMutableBufferPointer { wp in
                sgemm(m: oc, n: k, k: rows, a: gp.baseAddress!, aRowStride: 1, aColStride: oc,
                      b: cp.baseAddress!, bRowStride: k, bColStride: 1, c: wp.baseAddress!, ldc: k,
                      accumulate: false, threads: Engine.threads)
            } } }
            gradients.append(gw)
            if inputs.count == 3 {
                var gb = [Float](repeating: 0, count: oc)
                for r in 0..<rows { for o in 0..<oc { gb[o] += gr[r * oc + o] } }
                gradients.append(gb)
            }
            return gradients
        }
    }
}
