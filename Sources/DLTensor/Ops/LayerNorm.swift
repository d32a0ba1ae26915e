import DLKernel

extension Tensor {
    /// Layer normalisation over the last axis as one op: each row x of d
    /// values becomes x̂·γ + β, with x̂ = (x − mean)/√(var + eps) and γ, β [d].
    /// Written as nine ops (two means, a subtraction, a square, ...), each
    /// with its own broadcast and gradient reduction, it cost more in
    /// bookkeeping than in arithmetic.
    public func layerNorm(gamma: Tensor, beta: Tensor, eps: Float) throws -> Tensor {
        guard let d = shape.last, rank >= 1, gamma.shape == [d], beta.shape == [d] else {
            throw TensorError("layernorm: gamma and beta must be [\(shape.last ?? 0)] for x \(Shape.describe(shape)), got \(Shape.describe(gamma.shape)) and \(Shape.describe(beta.shape))")
        }
        let rows = d == 0 ? 0 : count / d
        var y = Tensor.unfilled(count), normalized = Tensor.unfilled(count), invStd = Tensor.unfilled(rows)
        storage.withUnsafeBufferPointer { x in gamma.storage.withUnsafeBufferPointer { g in beta.storage.withUnsafeBufferPointer { b in
        y.withUnsafeMutableBufferPointer { y in normalized.withUnsafeMutableBufferPointer { n in invStd.withUnsafeMutableBufferPointer { s in
            guard let x = x.baseAddress, let g = g.baseAddress, let b = b.baseAddress else { return }
            layerNormForward(rows: rows, d: d, x: x, gamma: g, beta: b, eps: eps,
                             y: y.baseAddress!, normalized: n.baseAddress!, invStd: s.baseAddress!, threads: Engine.threads)
        } } } } } }
        let kept = normalized, inv = invStd
        return Tensor.result(shape, y, op: .layerNorm, parents: [self, gamma, beta]) { up, inputs in
            let x = inputs[0], gamma = inputs[1], beta = inputs[2]
            var dx: [Float]? = x.requiresGrad ? Tensor.unfilled(x.count) : nil
            let sums = gamma.requiresGrad || beta.requiresGrad
            var dg = [Float](repeating: 0, count: sums ? d : 0), db = dg
            up.withUnsafeBufferPointer { u in gamma.storage.withUnsafeBufferPointer { g in
            kept.withUnsafeBufferPointer { n in inv.withUnsafeBufferPointer { s in
            dg.withUnsafeMutableBufferPointer { dgp in db.withUnsafeMutableBufferPointer { dbp in
                guard let u = u.baseAddress, let g = g.baseAddress, let n = n.baseAddress, let s = s.baseAddress else { return }
                func run(_ dxp: UnsafeMutablePointer<Float>?) {
                    layerNormBackward(rows: rows, d: d, up: u, gamma: g, normalized: n, invStd: s, dx: dxp,
                                      dGamma: sums ? dgp.baseAddress : nil, dBeta: sums ? dbp.baseAddress : nil, threads: Engine.threads)
                }
                if dx != nil { dx!.withUnsafeMutableBufferPointer { run($0.baseAddress) } } else { run(nil) }
            } } } } } }
            return [dx, gamma.requiresGrad ? dg : nil, beta.requiresGrad ? db : nil]
        }
    }
}

extension Op {
    public static let layerNorm = Op(
        name: "layernorm",
        formula: "y = x̂·γ + β with x̂ = (x − mean)/σ over each row;  ∂L/∂x = (g − mean(g) − x̂·mean(g·x̂))/σ for g = ∂L/∂y·γ,  ∂L/∂γ = Σ ∂L/∂y·x̂,  ∂L/∂β = Σ ∂L/∂y",
        numbers: { s in
            let x = s.inputs[0], gamma = s.inputs[1], beta = s.inputs[2]
            guard let d = x.shape.last, d > 0, x.count >= d, gamma.count == d, beta.count == d else { return [] }
            let row = Array(x.storage[0..<d])
            let mean = row.reduce(0, +) / Float(d)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(d)
            let sigma = (variance + 1e-5).squareRoot()
            let n0 = (row[0] - mean) / sigma
            var lines = ["row 0: mean \(OpText.n(mean)), σ = √(var + ε) = \(OpText.n(sigma));  x̂[0] = (\(OpText.n(row[0])) − \(OpText.o(mean)))/\(OpText.n(sigma)) = \(OpText.n(n0))",
                         "y[0] = \(OpText.n(n0)) × γ \(OpText.o(gamma.storage[0])) + β \(OpText.o(beta.storage[0])) = \(OpText.n(n0 * gamma.storage[0] + beta.storage[0]))"]
            if let dx = s.contributions[0], !dx.isEmpty, s.upstream.count >= d {
                let g = (0..<d).map { s.upstream[$0] * gamma.storage[$0] }
                let meanG = g.reduce(0, +) / Float(d)
                let meanGN = (0..<d).reduce(Float(0)) { $0 + g[$1] * (row[$1] - mean) / sigma } / Float(d)
                lines.append("∂L/∂x[0] = (g[0] − mean(g) − x̂[0]·mean(g·x̂))/σ = (\(OpText.n(g[0])) − \(OpText.o(meanG)) − \(OpText.o(n0)) × \(OpText.o(meanGN)))/\(OpText.n(sigma)) = \(OpText.n(dx[0])), with g = ∂L/∂y·γ: every x of the row moves its mean and spread")
            }
            return lines
        })
}
