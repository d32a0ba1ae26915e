import DLKernel

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
        let x = storage
        let y = [Float](unsafeUninitializedCapacity: x.count) { out, n in
            x.withUnsafeBufferPointer { xs in if let xp = xs.baseAddress { geluForward(count: xs.count, x: xp, y: out.baseAddress!, threads: Engine.threads) } }
            n = x.count
        }
        return Tensor.result(shape, y, op: .gelu, parents: [self]) { g, _ in
            [[Float](unsafeUninitializedCapacity: g.count) { out, n in
                g.withUnsafeBufferPointer { gp in x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in
                    if let gb = gp.baseAddress { geluBackward(count: gp.count, x: xp.baseAddress!, y: yp.baseAddress!, up: gb, dx: out.baseAddress!, threads: Engine.threads) }
                } } }
                n = g.count
            }]
        }
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let exp = Op(name: "exp", formula: "d eˣ/dx = eˣ",
                                  numbers: { s in OpText.elementwise(s, "e^\(OpText.o(s.x[0])) = \(OpText.n(s.y[0]))", s.y[0]) })
    public static let log = Op(name: "log", formula: "d ln x/dx = 1/x",
                                  numbers: { s in OpText.elementwise(s, "1/x = 1/\(OpText.o(s.x[0]))", 1 / s.x[0]) })
    public static let sqrt = Op(name: "sqrt", formula: "d √x/dx = 1/(2√x)",
                                  numbers: { s in OpText.elementwise(s, "1/(2√x) = 1/(2 × \(OpText.o(s.y[0])))", 0.5 / s.y[0]) })
    public static let abs = Op(name: "abs", formula: "d |x|/dx = sign(x)",
                                  numbers: { s in OpText.elementwise(s, "sign(\(OpText.n(s.x[0])))", s.x[0] > 0 ? 1 : (s.x[0] < 0 ? -1 : 0)) })
    public static let sin = Op(name: "sin", formula: "d sin x/dx = cos x",
                                  numbers: { s in OpText.elementwise(s, "cos(\(OpText.n(s.x[0])))", fcos(s.x[0])) })
    public static let cos = Op(name: "cos", formula: "d cos x/dx = −sin x",
                                  numbers: { s in OpText.elementwise(s, "−sin(\(OpText.n(s.x[0])))", -fsin(s.x[0])) })
    public static let relu = Op(name: "relu", formula: "d relu(x)/dx = 1 if x > 0, else 0",
                                  numbers: { s in OpText.elementwise(s, "x = \(OpText.n(s.x[0])) is \(s.x[0] > 0 ? "> 0, so 1" : "≤ 0, so 0")", s.x[0] > 0 ? 1 : 0) })
    public static let sigmoid = Op(name: "sigmoid", formula: "d σ(x)/dx = σ(x)(1 − σ(x))",
                                  numbers: { s in OpText.elementwise(s, "σ(z)(1 − σ(z)) = \(OpText.o(s.y[0])) × \(OpText.o(1 - s.y[0]))", s.y[0] * (1 - s.y[0])) })
    public static let tanh = Op(name: "tanh", formula: "d tanh(x)/dx = 1 − tanh(x)²",
                                  numbers: { s in OpText.elementwise(s, "1 − tanh(x)² = 1 − \(OpText.o(s.y[0]))²", 1 - s.y[0] * s.y[0]) })
    public static let gelu = Op(name: "gelu", formula: "d gelu(x)/dx = Φ(x) + x·φ(x)  (Φ, φ: the normal CDF and density)",
                                  numbers: { s in
        let x = s.x[0], cdf = 0.5 * (1 + ferf(x / Float(2).squareRoot())), pdf = fexp(-0.5 * x * x) * 0.39894228
        return OpText.elementwise(s, "Φ(\(OpText.n(x))) + \(OpText.o(x)) × φ(\(OpText.n(x))) = \(OpText.n(cdf)) + \(OpText.o(x * pdf))", cdf + x * pdf)
    })
}
