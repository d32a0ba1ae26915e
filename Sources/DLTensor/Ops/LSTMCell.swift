#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// One LSTM step after the two products: from the gate pre-activations
    /// z [batch, 4h] (i, f, g, o as PyTorch) and the cell c [batch, h],
    /// returns [batch, 2h]: h' = σ(o)⊙tanh(c') in the first h columns and
    /// c' = σ(f)⊙c + σ(i)⊙tanh(g) in the last h. As one op it replaces the
    /// eleven (a sigmoid, a tanh, four slices, three products, a sum and a
    /// tanh) that an unrolled LSTM recorded per step, whose bookkeeping cost
    /// more than their arithmetic at these sizes.
    public func lstmCell(_ c: Tensor) throws -> Tensor {
        guard rank == 2, c.rank == 2, c.shape[0] == shape[0], shape[1] == 4 * c.shape[1] else {
            throw TensorError("lstm_cell: gates must be [batch, 4h] and the cell [batch, h], got \(Shape.describe(shape)) and \(Shape.describe(c.shape))")
        }
        let b = shape[0], n = c.shape[1]
        let z = storage, cs = c.storage
        // Kept for the backward pass: the four gates after their activations, and tanh(c').
        var gates = [Float](repeating: 0, count: b * 4 * n)
        var tc = [Float](repeating: 0, count: b * n)
        var out = [Float](repeating: 0, count: b * 2 * n)
        z.withUnsafeBufferPointer { z in cs.withUnsafeBufferPointer { cs in
        gates.withUnsafeMutableBufferPointer { gates in tc.withUnsafeMutableBufferPointer { tc in
        out.withUnsafeMutableBufferPointer { o in
            for r in 0..<b {
                let zr = r * 4 * n, cr = r * n, orow = r * 2 * n
                for j in 0..<n {
                    let i = Tensor.logistic(z[zr + j]), f = Tensor.logistic(z[zr + n + j])
                    let g = ftanh(z[zr + 2 * n + j]), og = Tensor.logistic(z[zr + 3 * n + j])
                    let cNew = f * cs[cr + j] + i * g
                    let t = ftanh(cNew)
                    gates[zr + j] = i; gates[zr + n + j] = f; gates[zr + 2 * n + j] = g; gates[zr + 3 * n + j] = og
                    tc[cr + j] = t
                    o[orow + j] = og * t
                    o[orow + n + j] = cNew
                }
            }
        } } } } }
        let kept = gates, tanhC = tc
        return Tensor.result([b, 2 * n], out, op: .lstmCell, parents: [self, c]) { up, _ in
            var dz = [Float](repeating: 0, count: b * 4 * n)
            var dc = [Float](repeating: 0, count: b * n)
            up.withUnsafeBufferPointer { up in cs.withUnsafeBufferPointer { cs in
            kept.withUnsafeBufferPointer { gates in tanhC.withUnsafeBufferPointer { tc in
            dz.withUnsafeMutableBufferPointer { dz in dc.withUnsafeMutableBufferPointer { dc in
                for r in 0..<b {
                    let zr = r * 4 * n, cr = r * n, orow = r * 2 * n
                    for j in 0..<n {
                        let i = gates[zr + j], f = gates[zr + n + j], g = gates[zr + 2 * n + j], og = gates[zr + 3 * n + j]
                        let t = tc[cr + j], gh = up[orow + j]
                        // c' reaches the loss directly and through h' = σ(o)·tanh(c').
                        let dcNew = up[orow + n + j] + gh * og * (1 - t * t)
                        dz[zr + j] = dcNew * g * i * (1 - i)
                        dz[zr + n + j] = dcNew * cs[cr + j] * f * (1 - f)
                        dz[zr + 2 * n + j] = dcNew * i * (1 - g * g)
                        dz[zr + 3 * n + j] = gh * t * og * (1 - og)
                        dc[cr + j] = dcNew * f
                    }
                }
            } } } } } }
            return [dz, dc]
        }
    }

    /// σ(x) written per sign so exp never overflows, as `sigmoid()`.
    @inline(__always)
    static func logistic(_ x: Float) -> Float {
        let e = fexp(-Swift.abs(x))
        return x >= 0 ? 1 / (1 + e) : e / (1 + e)
    }
}

extension Op {
    public static let lstmCell = Op(
        name: "lstm_cell",
        formula: "c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c');  ∂c'/∂c = σ(f), and each gate's derivative is its activation's slope times what it multiplies",
        numbers: { s in
            let z = s.x, c = s.inputs[1].storage, n = s.inputs[1].shape.last ?? 1
            guard z.count >= 4 * n, !c.isEmpty else { return [] }
            let i = Tensor.logistic(z[0]), f = Tensor.logistic(z[n]), g = ftanh(z[2 * n]), o = Tensor.logistic(z[3 * n])
            let cNew = f * c[0] + i * g
            return ["unit 0: i = σ(\(OpText.n(z[0]))) = \(OpText.n(i)), f = \(OpText.n(f)), g = tanh(\(OpText.n(z[2 * n]))) = \(OpText.n(g)), o = \(OpText.n(o))",
                    "c' = \(OpText.n(f)) × \(OpText.o(c[0])) + \(OpText.n(i)) × \(OpText.o(g)) = \(OpText.n(cNew));  ∂c'/∂c = f = \(OpText.n(f))",
                    "h' = \(OpText.n(o)) × tanh(\(OpText.o(cNew))) = \(OpText.n(o * ftanh(cNew)))"]
        })
}
