// Elementwise arithmetic with broadcasting. Each backward reduces the
// upstream gradient back to its parent's shape.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "+")
        let sa = a.shape, sb = b.shape
        return result(shape, broadcastMap(a, b, shape, +), op: .add, parents: [a, b]) { g, _ in
            [reduceToShape(g, from: shape, to: sa), reduceToShape(g, from: shape, to: sb)]
        }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(a, b, "-")
        let sa = a.shape, sb = b.shape
        return result(shape, broadcastMap(a, b, shape, -), op: .sub, parents: [a, b]) { g, _ in
            [reduceToShape(g, from: shape, to: sa), reduceToShape(g.map { -$0 }, from: shape, to: sb)]
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
