import TextFormat
import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Builtins {
    /// An elementwise function: numbers stay numbers (computed in double),
    /// tensors go through the recorded op.
    private static func elementwise(_ signature: String, _ summary: String, example: String,
                                    number: @escaping (Double) -> Double, tensor: @escaping (Tensor) -> Tensor) -> Builtin {
        Builtin(signature, summary, example: example) { a in
            if case .number(let x) = a.value(0) { return .number(number(x)) }
            return .tensor(tensor(try a.tensor(0, "x")))
        }
    }

    /// A reduction with `axis:` and `keepdims:`.
    private static func reduction(_ signature: String, _ summary: String, example: String,
                                  _ f: @escaping (Tensor, Int?, Bool) throws -> Tensor) -> Builtin {
        Builtin(signature, summary, example: example) { a in
            .tensor(try f(try a.tensor(0, "x"), try a.optionalInt("axis"), try a.bool("keepdims", default: false)))
        }
    }

    /// What `item` gives for a float32: the shortest decimal that reads back to it.
    @inline(__always)
    static func itemNumber(_ x: Float) -> Double {
        // A whole float32 below 2^24 is its own shortest decimal: no text round trip.
        if x == x.rounded(), Swift.abs(x) < 16_777_216 { return Double(x) }
        return Double(NumberFormat.shortest(x)) ?? Double(x)
    }

    static func math() -> [Builtin] {
        let sigmoid: (Double) -> Double = { $0 >= 0 ? 1 / (1 + Glibc.exp(-$0)) : Glibc.exp($0) / (1 + Glibc.exp($0)) }
        return [
            elementwise("exp(x)", "e to the power x, elementwise.", example: "exp(tensor([0, 1]))",
                        number: { Glibc.exp($0) }, tensor: { $0.exp() }),
            elementwise("log(x)", "The natural logarithm, elementwise.", example: "log(tensor([1, 10]))",
                        number: { Glibc.log($0) }, tensor: { $0.log() }),
            elementwise("sqrt(x)", "The square root, elementwise.", example: "sqrt(tensor([4, 9]))",
                        number: { $0.squareRoot() }, tensor: { $0.sqrt() }),
            elementwise("abs(x)", "The absolute value, elementwise.", example: "abs(tensor([-2, 3]))",
                        number: { Swift.abs($0) }, tensor: { $0.abs() }),
            elementwise("sin(x)", "The sine (radians), elementwise.", example: "sin(linspace(0, 3.14159, 3))",
                        number: { Glibc.sin($0) }, tensor: { $0.sin() }),
            elementwise("cos(x)", "The cosine (radians), elementwise.", example: "cos(tensor([0, 3.14159]))",
                        number: { Glibc.cos($0) }, tensor: { $0.cos() }),
            elementwise("relu(x)", "max(x, 0), elementwise: the rectified linear unit.", example: "relu(tensor([-1, 0.5]))",
                        number: { Swift.max($0, 0) }, tensor: { $0.relu() }),
            elementwise("sigmoid(x)", "1 / (1 + e^(−x)), elementwise: squashes into (0, 1).", example: "sigmoid(tensor([-2, 0, 2]))",
                        number: sigmoid, tensor: { $0.sigmoid() }),
            elementwise("tanh(x)", "The hyperbolic tangent, elementwise: squashes into (−1, 1).", example: "tanh(tensor([-1, 0, 1]))",
                        number: { Glibc.tanh($0) }, tensor: { $0.tanh() }),
            elementwise("gelu(x)", "x · Φ(x), elementwise (Φ: the normal CDF), as in transformers.", example: "gelu(tensor([-1, 0, 1]))",
                        number: { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }, tensor: { $0.gelu() }),
            Builtin("sign(x)", "−1, 0 or 1 by the sign of x, of a number or of each element of a tensor (not recorded: its slope is 0).",
                    example: "sign(tensor([-0.5, 0, 2]))") { a in
                func sign<F: BinaryFloatingPoint>(_ v: F) -> F { v > 0 ? 1 : v < 0 ? -1 : v.isNaN ? v : 0 }
                if case .tensor(let t) = a.value(0) { return .tensor(Tensor(shape: t.shape, storage: t.storage.map(sign))) }
                return .number(sign(try a.number(0, "x")))
            },
            reduction("sum(x, axis: none, keepdims: false)", "The sum of all elements, or along one axis.",
                      example: "sum(tensor([[1, 2], [3, 4]]), axis: 0)") { try $0.sum(axis: $1, keepDims: $2) },
            reduction("mean(x, axis: none, keepdims: false)", "The average of all elements, or along one axis.",
                      example: "mean(tensor([1, 2, 3, 4]))") { try $0.mean(axis: $1, keepDims: $2) },
            Builtin("max(x, [y], axis: none, keepdims: false)",
                    "The largest element (or along an axis); with two arguments, the elementwise larger.",
                    example: "max(tensor([[1, 5], [3, 2]]), axis: 1)") { a in try extreme(a, largest: true) },
            Builtin("min(x, [y], axis: none, keepdims: false)",
                    "The smallest element (or along an axis); with two arguments, the elementwise smaller.",
                    example: "min(tensor([4, 1, 3]))") { a in try extreme(a, largest: false) },
            Builtin("argmax(x, axis: none)", "The position of the largest element (first on ties), or positions along an axis.",
                    example: "argmax(tensor([[1, 5], [3, 2]]), axis: 1)") { a in
                .tensor(try a.tensor(0, "x").argmax(axis: try a.optionalInt("axis")))
            },
            Builtin("softmax(x, axis: -1)", "exp(x) / sum(exp(x)) along an axis: a probability distribution (computed stably).",
                    example: "softmax(tensor([1, 2, 3]))") { a in
                .tensor(try a.tensor(0, "x").softmax(axis: try a.int("axis", default: -1)))
            },
            Builtin("log_softmax(x, axis: -1)", "log(softmax(x)) computed stably, for cross-entropy.",
                    example: "log_softmax(tensor([1, 2, 3]))") { a in
                .tensor(try a.tensor(0, "x").logSoftmax(axis: try a.int("axis", default: -1)))
            },
            Builtin("item(t)", "A one-element tensor as a number (the shortest decimal that reads back to the same float32).",
                    example: "item(tensor(0.1))") { a in
                let t = try a.tensor(0, "t")
                guard t.count == 1 else {
                    throw RuntimeError("item: the tensor must have one element, it has shape \(Shape.describe(t.shape))",
                                       at: a.at(0), help: "reduce it first, e.g. item(mean(t)) or item(t[0])")
                }
                return .number(itemNumber(t.storage[0]))
            },
            Builtin("convolve(x, filters, bias: none, stride: 1, padding: 0)",
                    "Slides each filter over x, as a conv2d layer does (cross-correlation): x [batch, channels, h, w] or [h, w], filters [out, channels, kh, kw] or [kh, kw]; recorded for autograd.",
                    example: "convolve(tensor([[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]]), tensor([[-1, 1], [-1, 1]]))") { a in
                var x = try a.tensor(0, "x"), w = try a.tensor(1, "filters")
                // A bare image and a bare filter are one of each, and the result is a bare image.
                let bare = x.rank == 2 && w.rank == 2
                if x.rank == 2 { x = try x.reshaped([1, 1] + x.shape) }
                if w.rank == 2 { w = try w.reshaped([1, 1] + w.shape) }
                var bias: Tensor? = nil
                if let (v, loc) = a.keyword("bias") {
                    switch v {
                    case .tensor(let t): bias = t
                    case .none: break
                    default: throw RuntimeError("convolve: bias must be a tensor with one value per filter", at: loc)
                    }
                }
                let stride = try a.int("stride", default: 1), padding = try a.int("padding", default: 0)
                let y = try x.conv2d(weight: w, bias: bias, stride: stride, padding: padding)
                return .tensor(bare ? try y.reshaped(Array(y.shape.suffix(2))) : y)
            },
            Builtin("matmul(a, b)", "The matrix product a @ b (batched over leading axes).",
                    example: "matmul(tensor([[1, 2]]), tensor([[3], [4]]))") { a in
                .tensor(try a.tensor(0, "a").matmul(try a.tensor(1, "b")))
            },
        ]
    }

    private static func extreme(_ a: Arguments, largest: Bool) throws -> Value {
        if a.count == 2 {
            if case .number(let x) = a.value(0), case .number(let y) = a.value(1) {
                return .number(largest ? Swift.max(x, y) : Swift.min(x, y))
            }
            // (x + y ± |x − y|) / 2, built from recorded ops so it has a gradient.
            let x = try a.tensor(0, "x"), y = try a.tensor(1, "y")
            let spread = try (x - y).abs()
            let total = try x + y
            return .tensor(try (largest ? total + spread : total - spread) / Tensor(scalar: 2))
        }
        let x = try a.tensor(0, "x")
        let axis = try a.optionalInt("axis"), keep = try a.bool("keepdims", default: false)
        return .tensor(largest ? try x.max(axis: axis, keepDims: keep) : try x.min(axis: axis, keepDims: keep))
    }
}
