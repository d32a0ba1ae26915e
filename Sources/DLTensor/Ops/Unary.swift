/// How an elementwise op's derivative is computed. The activations used in
/// every training step have their own cases, so their backward loops are
/// plain code the compiler vectorises instead of a call per element.
enum Derivative {
    case relu, tanh, sigmoid
    case general((_ x: Float, _ y: Float) -> Float)

    func apply(_ g: [Float], _ x: [Float], _ y: [Float]) -> [Float] {
        [Float](unsafeUninitializedCapacity: g.count) { out, n in
            g.withUnsafeBufferPointer { g in x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in
                switch self {
                // Both loads happen before the select, so the loop has no branch to mispredict.
                case .relu: for i in 0..<g.count { let gi = g[i], xi = x[i]; out[i] = xi > 0 ? gi : 0 }
                case .tanh: for i in 0..<g.count { out[i] = g[i] * (1 - y[i] * y[i]) }
                case .sigmoid: for i in 0..<g.count { out[i] = g[i] * (y[i] * (1 - y[i])) }
                case .general(let d): for i in 0..<g.count { out[i] = g[i] * d(x[i], y[i]) }
                }
            } } }
            n = g.count
        }
    }
}

extension Tensor {
    /// One elementwise function with its derivative given from (x, y).
    @inline(__always)
    func unary(_ op: Op, _ f: (Float) -> Float, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        unary(op, f, .general(derivative))
    }

    @inline(__always)
    func unary(_ op: Op, _ f: (Float) -> Float, _ derivative: Derivative) -> Tensor {
        let x = storage
        let y = [Float](unsafeUninitializedCapacity: x.count) { out, n in
            x.withUnsafeBufferPointer { xs in for i in 0..<xs.count { out[i] = f(xs[i]) } }
            n = x.count
        }
        return Tensor.result(shape, y, op: op, parents: [self]) { g, _ in [derivative.apply(g, x, y)] }
    }

    public func exp() -> Tensor { unary(.exp, fexp, derivative: { _, y in y }) }
    public func log() -> Tensor { unary(.log, flog, derivative: { x, _ in 1 / x }) }
    public func sqrt() -> Tensor { unary(.sqrt, { $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }
    public func abs() -> Tensor { unary(.abs, { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    public func sin() -> Tensor { unary(.sin, fsin, derivative: { x, _ in fcos(x) }) }
    public func cos() -> Tensor { unary(.cos, fcos, derivative: { x, _ in -fsin(x) }) }
    public func relu() -> Tensor { unary(.relu, { $0 > 0 ? $0 : 0 }, .relu) }
    public func tanh() -> Tensor { unary(.tanh, ftanh, .tanh) }

    public func sigmoid() -> Tensor {
        // Written per sign so exp never overflows; both signs share one exp(−|x|)
        // (the same values as before, at half the exps: an LSTM step spent a
        // fifth of its time here).
        unary(.sigmoid, { x in let e = fexp(-Swift.abs(x)); return x >= 0 ? 1 / (1 + e) : e / (1 + e) }, .sigmoid)
    }

    /// The exact GELU, x·Φ(x), as PyTorch's default.
    public func gelu() -> Tensor {
        unary(.gelu, { x in 0.5 * x * (1 + ferf(x * 0.70710678)) },
              derivative: { x, _ in
                  let cdf = 0.5 * (1 + ferf(x * 0.70710678))
                  let pdf = fexp(-0.5 * x * x) * 0.39894228
                  return cdf + x * pdf
              })
    }
}
