extension Tensor {
    /// The largest value of each k×k window, stride k, on [batch, c, h, w]
    /// (PyTorch's MaxPool2d(k): rows and columns past the last whole window are dropped).
    public func maxpool2d(_ k: Int) throws -> Tensor {
        let (b, c, h, w, oh, ow) = try poolShape(k, "maxpool2d")
        let planes = b * c
        var y = [Float](repeating: 0, count: planes * oh * ow)
        // Where each output's maximum came from, for the backward pass.
        var source = [Int](repeating: 0, count: y.count)
        storage.withUnsafeBufferPointer { xp in
            for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
                var best = -Float.infinity, at = p * h * w + i * k * w + j * k
                for di in 0..<k { for dj in 0..<k {
                    let o = p * h * w + (i * k + di) * w + j * k + dj
                    // NaN wins, as in PyTorch, so it is not hidden.
                    if xp[o] > best || (xp[o].isNaN && !best.isNaN) { best = xp[o]; at = o }
                } }
                let r = (p * oh + i) * ow + j
                y[r] = xp[at]; source[r] = at
            } } }
        }
        let n = count
        return Tensor.result([b, c, oh, ow], y, op: .maxpool2d, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: n)
            for r in 0..<g.count { gx[source[r]] += g[r] }
            return [gx]
        }
    }

    /// The mean of each k×k window, stride k, on [batch, c, h, w] (PyTorch's AvgPool2d(k)).
    public func avgpool2d(_ k: Int) throws -> Tensor {
        let (b, c, h, w, oh, ow) = try poolShape(k, "avgpool2d")
        let planes = b * c, scale = 1 / Float(k * k)
        var y = [Float](repeating: 0, count: planes * oh * ow)
        storage.withUnsafeBufferPointer { xp in
            for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
                var s: Float = 0
                for di in 0..<k { for dj in 0..<k { s += xp[p * h * w + (i * k + di) * w + j * k + dj] } }
                y[(p * oh + i) * ow + j] = s * scale
            } } }
        }
        let n = count
        return Tensor.result([b, c, oh, ow], y, op: .avgpool2d, parents: [self]) { g, _ in
            var gx = [Float](repeating: 0, count: n)
            for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
                let share = g[(p * oh + i) * ow + j] * scale
                for di in 0..<k { for dj in 0..<k { gx[p * h * w + (i * k + di) * w + j * k + dj] += share } }
            } } }
            return [gx]
        }
    }

    private func poolShape(_ k: Int, _ name: String) throws -> (Int, Int, Int, Int, Int, Int) {
        guard rank == 4 else {
            throw TensorError("\(name) needs input [batch, channels, h, w], got \(Shape.describe(shape))")
        }
        guard k >= 1 else { throw TensorError("\(name): the window must be at least 1, got \(k)") }
        let (h, w) = (shape[2], shape[3])
        guard k <= h, k <= w else {
            throw TensorError("\(name): a \(k)×\(k) window does not fit a \(h)×\(w) input")
        }
        return (shape[0], shape[1], h, w, h / k, w / k)
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let maxpool2d = Op(name: "maxpool2d", formula: "∂L/∂xᵢ = ∂L/∂y for the largest xᵢ of each window (the first, on ties), 0 for the others",
                                     numbers: { s in
        ["each window's largest input gets ∂L/∂out; the others in the window get 0",
         "element 0: ∂L/∂out = \(OpText.n(s.g0)) goes to the largest value of the first window, \(OpText.n(s.y[0]))"]
    })
    public static let avgpool2d = Op(name: "avgpool2d", formula: "∂L/∂xᵢ = ∂L/∂y / k² for every xᵢ of a k×k window",
                                     numbers: { s in
        // Input 0 always sits in the first window, so its gradient shows the share.
        let share = s.g0 != 0 ? (s.contributions[0]?.first ?? 0) / s.g0 : 0
        return ["each input of a k×k window gets ∂L/∂out / k²",
                "element 0: \(OpText.o(s.g0)) × \(OpText.n(share)) = \(OpText.n(s.g0 * share)) for each input of the first window"]
    })
}
