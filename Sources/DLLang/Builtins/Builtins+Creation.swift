import DLTensor

extension Builtins {
    static func creation() -> [Builtin] {
        [
            Builtin("tensor(value)", "A tensor from a number or a bracket literal (a copy if given a tensor).",
                    example: "tensor([[1, 2], [3, 4]])") { a in
                let t = try a.tensor(0, "value")
                return .tensor(Tensor(shape: t.shape, storage: t.storage))
            },
            Builtin("zeros(*shape)", "A tensor of zeros with the given sizes.", example: "zeros(2, 3)") { a in
                .tensor(Tensor.zeros(try a.shape(from: 0)))
            },
            Builtin("ones(*shape)", "A tensor of ones with the given sizes.", example: "ones(3)") { a in
                .tensor(Tensor.ones(try a.shape(from: 0)))
            },
            Builtin("full(*shape, value:)", "A tensor with every element equal to value.", example: "full(2, 3, value: 7)") { a in
                .tensor(Tensor.filled(try a.shape(from: 0), Float(try a.number("value", default: 0))))
            },
            Builtin("randn(*shape)", "Samples of the standard normal distribution (mean 0, variance 1), from the session's seed.",
                    example: "seed(0); randn(2, 2)") { a in
                let shape = try a.shape(from: 0)
                return .tensor(Tensor.randn(shape, using: &a.interpreter.rng))
            },
            Builtin("rand(*shape)", "Samples uniform in [0, 1), from the session's seed.", example: "rand(3)") { a in
                let shape = try a.shape(from: 0)
                return .tensor(Tensor.rand(shape, using: &a.interpreter.rng))
            },
            Builtin("choice(p)", "Draws an index with the probabilities p (weights ≥ 0, scaled to sum to 1), from the session's seed: a number for a 1-D p, or one index per row of a 2-D p.",
                    example: "seed(0); choice(tensor([0.1, 0.7, 0.2]))") { a in
                let p = try a.tensor(0, "p")
                let rows: Int, k: Int
                switch p.shape.count {
                case 1: rows = 1; k = p.shape[0]
                case 2: rows = p.shape[0]; k = p.shape[1]
                default: throw RuntimeError("choice: p must be 1-D (one distribution) or 2-D (one per row), got shape \(Shape.describe(p.shape))", at: a.at(0))
                }
                guard k > 0 else { throw RuntimeError("choice: p has no entries to choose from", at: a.at(0)) }
                let v = p.storage
                var picks: [Float] = []
                for r in 0..<rows {
                    let w = v[(r * k)..<((r + 1) * k)].map(Double.init)
                    guard w.allSatisfy({ $0 >= 0 && $0.isFinite }), case let total = w.reduce(0, +), total > 0 else {
                        throw RuntimeError("choice: the probabilities\(rows > 1 ? " in row \(r)" : "") must be finite, 0 or more, and not all 0",
                                           at: a.at(0), help: "softmax(logits) gives valid probabilities")
                    }
                    // One uniform draw per row, walked along the cumulative sum.
                    let u = Double(a.interpreter.rng.uniform()) * total
                    var acc = 0.0, pick = k - 1
                    for (i, wi) in w.enumerated() { acc += wi; if u < acc { pick = i; break } }
                    while w[pick] == 0 { pick -= 1 }
                    picks.append(Float(pick))
                }
                return p.shape.count == 1 ? .number(Double(picks[0])) : .tensor(Tensor(shape: [rows], storage: picks))
            },
            Builtin("seed(n)", "Restarts the random generator (xoshiro256**), so every following draw is reproducible on every machine.",
                    example: "seed(42); rand(2)") { a in
                let n = try a.int(0, "n")
                guard n >= 0 else { throw RuntimeError("seed: n must be 0 or more, got \(n)", at: a.at(0)) }
                a.interpreter.rng = RandomGenerator(seed: UInt64(n))
                return .none
            },
            Builtin("arange(a, [b], [step])", "Evenly spaced values from 0 up to a, or from a up to b (not included).",
                    example: "arange(0, 1, 0.25)") { a in
                let start = a.count == 1 ? 0 : try a.number(0, "start")
                let stop = try a.number(a.count == 1 ? 0 : 1, "stop")
                let step = a.count == 3 ? try a.number(2, "step") : 1
                if step != 0 { try a.checkSize(Int(Swift.min(1e15, Tensor.arangeCount(start, stop, step))), "arange") }
                return .tensor(try Tensor.arange(start, stop, step))
            },
            Builtin("linspace(a, b, n)", "n evenly spaced values from a to b, both included.", example: "linspace(-1, 1, 5)") { a in
                let n = try a.int(2, "n")
                try a.checkSize(n, "linspace of \(n)")
                return .tensor(try Tensor.linspace(try a.number(0, "a"), try a.number(1, "b"), n))
            },
            Builtin("eye(n)", "The n × n identity matrix.", example: "eye(3)") { a in
                let n = try a.int(0, "n")
                guard n >= 0 else { throw RuntimeError("eye: n must be 0 or more, got \(n)") }
                try a.checkSize(Shape.checkedCount([n, n]) ?? Int.max, "eye(\(n))")
                return .tensor(Tensor.eye(n))
            },
            Builtin("onehot(labels, n)", "Rows with a 1 at each integer label and 0 elsewhere: shape labels.shape + [n].",
                    example: "onehot(tensor([0, 2, 1]), 3)") { a in
                .tensor(try Tensor.onehot(try a.tensor(0, "labels"), classes: try a.int(1, "n")))
            },
        ]
    }
}
