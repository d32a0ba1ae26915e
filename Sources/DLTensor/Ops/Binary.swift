// Elementwise arithmetic with broadcasting. Each backward reduces the
// upstream gradient back to its parent's shape.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "+")
        let sa = a.shape, sb = b.shape
        return result(shape, broadcastMap(a, b, shape, +), op: .add, parents: [a, b]) { g, inputs in
            [inputs[0].requiresGrad ? reduceToShape(g, from: shape, to: sa) : nil,
             inputs[1].requiresGrad ? reduceToShape(g, from: shape, to: sb) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "-")
        let sa = a.shape, sb = b.shape
        return result(shape, broadcastMap(a, b, shape, -), op: .sub, parents: [a, b]) { g, inputs in
            [inputs[0].requiresGrad ? reduceToShape(g, from: shape, to: sa) : nil,
             inputs[1].requiresGrad ? reduceToShape(g.map { -$0 }, from: shape, to: sb) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "*")
        return result(shape, broadcastMap(a, b, shape, *), op: .mul, parents: [a, b]) { g, inputs in
            let a = inputs[0], b = inputs[1]
            let gt = Tensor(shape: shape, storage: g)
            return [a.requiresGrad ? reduceToShape(broadcastMap(gt, b, shape, *), from: shape, to: a.shape) : nil,
                    b.requiresGrad ? reduceToShape(broadcastMap(gt, a, shape, *), from: shape, to: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "/")
        let y = broadcastMap(a, b, shape, /)
        return result(shape, y, op: .div, parents: [a, b]) { g, inputs in
            let a = inputs[0], b = inputs[1]
            let gt = Tensor(shape: shape, storage: g)
            let ga = a.requiresGrad ? reduceToShape(broadcastMap(gt, b, shape, /), from: shape, to: a.shape) : nil
            var gb: [Float]? = nil
            if b.requiresGrad {
                // ∂(a/b)/∂b = −(a/b)/b = −y/b
                let gy = Tensor(shape: shape, storage: zip(g, y).map { -$0 * $1 })
                gb = reduceToShape(broadcastMap(gy, b, shape, /), from: shape, to: b.shape)
            }
            return [ga, gb]
        }
    }

    public func pow(_ e: Tensor) throws -> Tensor {
        let shape = try broadcastShape(self, e, "**")
        let y = broadcastMap(self, e, shape, fpow)
        return Tensor.result(shape, y, op: .pow, parents: [self, e]) { g, inputs in
            let a = inputs[0], e = inputs[1]
            var ga: [Float]? = nil, ge: [Float]? = nil
            if a.requiresGrad {
                let d = broadcastMap(a, e, shape) { x, p in p == 0 ? 0 : p * fpow(x, p - 1) }
                ga = reduceToShape(zip(g, d).map(*), from: shape, to: a.shape)
            }
            if e.requiresGrad {
                let lnA = broadcastMap(a, e, shape) { x, _ in flog(x) }
                ge = reduceToShape((0..<g.count).map { g[$0] * y[$0] * lnA[$0] }, from: shape, to: e.shape)
            }
            return [ga, ge]
        }
    }

    public static prefix func - (a: Tensor) -> Tensor { a.unary(.neg, { -$0 }, derivative: { _, _ in -1 }) }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let add = Op(name: "add", formula: "∂(a + b)/∂a = 1,  ∂(a + b)/∂b = 1  (summed over broadcast axes)",
                                  numbers: Op.binaryNumbers)
    public static let sub = Op(name: "sub", formula: "∂(a − b)/∂a = 1,  ∂(a − b)/∂b = −1",
                                  numbers: Op.binaryNumbers)
    public static let mul = Op(name: "mul", formula: "∂(a·b)/∂a = b,  ∂(a·b)/∂b = a",
                                  numbers: Op.binaryNumbers)
    public static let div = Op(name: "div", formula: "∂(a/b)/∂a = 1/b,  ∂(a/b)/∂b = −a/b²",
                                  numbers: Op.binaryNumbers)
    public static let pow = Op(name: "pow", formula: "∂(aᵇ)/∂a = b·aᵇ⁻¹,  ∂(aᵇ)/∂b = aᵇ·ln a",
                                  numbers: Op.binaryNumbers)
    public static let neg = Op(name: "neg", formula: "d(−x)/dx = −1",
                                  numbers: { s in OpText.elementwise(s, "−1", -1) })

    /// add, sub, mul, div and pow: both local derivatives at element 0 (of
    /// each operand, through broadcasting) and the chain rule for each.
    static let binaryNumbers: @Sendable (BackwardStep) -> [String] = { s in
        let a = s.inputs[0], b = s.inputs[1]
        let av = a.storage[Shape.sourceOffset(of: 0, in: s.node.shape, from: a.shape)]
        let bv = b.storage[Shape.sourceOffset(of: 0, in: s.node.shape, from: b.shape)]
        let (da, db): (Float, Float) = switch s.op.name {
        case "add": (1, 1)
        case "sub": (1, -1)
        case "mul": (bv, av)
        case "div": (1 / bv, -av / (bv * bv))
        default: (bv * fpow(av, bv - 1), fpow(av, bv) * flog(av))
        }
        let g0 = s.g0
        var lines = ["element 0: a = \(OpText.n(av)), b = \(OpText.n(bv)) → ∂/∂a = \(OpText.n(da)), ∂/∂b = \(OpText.n(db))",
                     "∂L/∂a = \(OpText.o(g0)) × \(OpText.o(da)) = \(OpText.n(g0 * da)),  ∂L/∂b = \(OpText.o(g0)) × \(OpText.o(db)) = \(OpText.n(g0 * db))"]
        if a.shape != s.node.shape || b.shape != s.node.shape { lines.append("(a broadcast operand gets the sum over the axes it was repeated along)") }
        return lines
    }
}
