extension Tensor {
    /// One elementwise function with its derivative given from (x, y).
    @inline(__always)
    func unary(_ op: Op, _ f: (Float) -> Float, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let x = storage
        let y = [Float](unsafeUninitializedCapacity: x.count) { out, n in
            x.withUnsafeBufferPointer { xs in for i in 0..<xs.count { out[i] = f(xs[i]) } }
            n = x.count
        }
        return Tensor.result(shape, y, op: op, parents: [self]) { g, _ in
            [[Float](unsafeUninitializedCapacity: g.count) { out, n in
                for i in 0..<g.count { out[i] = g[i] * derivative(x[i], y[i]) }
                n = g.count
            }]
        }
    }

    public func exp() -> Tensor { unary(.exp, fexp, derivative: { _, y in y }) }
    public func log() -> Tensor { unary(.log, flog, derivative: { x, _ in 1 / x }) }
    public func sqrt() -> Tensor { unary(.sqrt, { $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }
    public func abs() -> Tensor { unary(.abs, { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    public func sin() -> Tensor { unary(.sin, fsin, derivative: { x, _ in fcos(x) }) }
    public func cos() -> Tensor { unary(.cos, fcos, derivative: { x, _ in -fsin(x) }) }
    public func relu() -> Tensor { unary(.relu, { $0 > 0 ? $0 : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 }) }
    public func tanh() -> Tensor { unary(.tanh, ftanh, derivative: { _, y in 1 - y * y }) }

    public func sigmoid() -> Tensor {
        // Written per sign so exp never overflows.
        unary(.sigmoid, { x in x >= 0 ? 1 / (1 + fexp(-x)) : fexp(x) / (1 + fexp(x)) },
              derivative: { _, y in y * (1 - y) })
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
