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
        // Bounded before any arithmetic: a program controls both.
        guard stride <= 1 << 20, padding <= 1 << 20 else { throw TensorError("conv2d: stride and padding must be at most \(1 << 20)") }
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1
        guard oh > 0, ow > 0 else {
            throw TensorError("conv2d: a \(kh)×\(kw) kernel does not fit a \(h)×\(w) input with padding \(padding)")
        }
        if let bias, bias.shape != [oc] {
            throw TensorError("conv2d: bias must have shape [\(oc)], got \(Shape.describe(bias.shape))")
        }
        try Shape.requireSize([b, oh, ow, c, kh, kw], "conv2d")
        let rows = b * oh * ow, k = c * kh * kw
        // Each row of `cols` is one output position's receptive field, and
        // `source` says where each value came from (-1: padding), for the
        // backward scatter. Raw pointers: these loops run once per element
        // per step, and bounds checks made them most of a small CNN's time.
        var source = [Int](repeating: -1, count: rows * k)
        var cols = [Float](repeating: 0, count: rows * k)
        storage.withUnsafeBufferPointer { xp in source.withUnsafeMutableBufferPointer { sp in cols.withUnsafeMutableBufferPointer { cp in
            // Wrapping arithmetic: every index is below the element count, which
            // the shape checks bound, and overflow checks were half the loop.
            for n in 0..<b { for y in 0..<oh { for xo in 0..<ow {
                let r = (n &* oh &+ y) &* ow &+ xo
                let x0 = xo &* stride &- padding
                // The kernel columns that fall inside the image, for this output column.
                let jLo = Swift.max(0, 0 &- x0), jHi = Swift.min(kw, w &- x0)
                guard jLo < jHi else { continue }
                for ch in 0..<c { for i in 0..<kh {
                    let iy = y &* stride &+ i &- padding
                    guard iy >= 0 && iy < h else { continue }
                    let from = ((n &* c &+ ch) &* h &+ iy) &* w &+ x0, at = r &* k &+ (ch &* kh &+ i) &* kw
                    for j in jLo..<jHi {
                        sp[at &+ j] = from &+ j
                        cp[at &+ j] = xp[from &+ j]
                    }
                } }
            } } }
        } } }
        // out[r, o] = cols[r, :] · weight[o, :]
        var out = [Float](repeating: 0, count: rows * oc)
        cols.withUnsafeBufferPointer { cp in weight.storage.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            sgemm(m: rows, n: oc, k: k, a: cp.baseAddress!, aRowStride: k, aColStride: 1,
                  b: wp.baseAddress!, bRowStride: 1, bColStride: k, c: op.baseAddress!, ldc: oc,
                  accumulate: false, threads: Engine.threads)
        } } }
        // To [batch, out, oh, ow], plus the bias.
        var y = [Float](repeating: 0, count: rows * oc)
        let plane = oh * ow
        let biasValues = bias?.storage ?? [Float](repeating: 0, count: oc)
        out.withUnsafeBufferPointer { op in y.withUnsafeMutableBufferPointer { yp in biasValues.withUnsafeBufferPointer { bp in
            for n in 0..<b { for o in 0..<oc { for p in 0..<plane {
                yp[(n &* oc &+ o) &* plane &+ p] = op[(n &* plane &+ p) &* oc &+ o] + bp[o]
            } } }
        } } }
        let parents = bias.map { [self, weight, $0] } ?? [self, weight]
        let inputCount = count
        return Tensor.result([b, oc, oh, ow], y, op: .conv2d, parents: parents) { g, inputs in
            // Upstream back to [rows, out].
            var gr = [Float](repeating: 0, count: rows * oc)
            g.withUnsafeBufferPointer { gp in gr.withUnsafeMutableBufferPointer { rp in
                for n in 0..<b { for o in 0..<oc { for p in 0..<plane {
                    rp[(n &* plane &+ p) &* oc &+ o] = gp[(n &* oc &+ o) &* plane &+ p]
                } } }
            } }
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
                source.withUnsafeBufferPointer { sp in gcols.withUnsafeBufferPointer { cp in gx.withUnsafeMutableBufferPointer { xp in
                    for i in 0..<sp.count where sp[i] >= 0 { xp[sp[i]] += cp[i] }
                } } }
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
                gr.withUnsafeBufferPointer { rp in gb.withUnsafeMutableBufferPointer { bp in
                    for r in 0..<rows { for o in 0..<oc { bp[o] += rp[r &* oc &+ o] } }
                } }
                gradients.append(gb)
            }
            return gradients
        }
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let conv2d = Op(name: "conv2d", formula: "∂L/∂W = Σ over positions of G · (the input patch),  ∂L/∂x = each G spread back through the kernel,  ∂L/∂b = Σ G",
                                  numbers: { s in
        ["∂L/∂W: each filter weight sums ∂L/∂out × the input value it met, over every position",
         "∂L/∂x: each input value sums ∂L/∂out × the weights that read it",
         "element 0 of ∂L/∂W: \(OpText.n(s.contributions.count > 1 ? (s.contributions[1]?.first ?? 0) : 0))"]
    })
}
