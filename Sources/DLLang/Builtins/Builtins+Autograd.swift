import DLTensor

extension Builtins {
    static func autograd() -> [Builtin] {
        [
            Builtin("param(t)", "A trainable copy of a tensor: operations on it are recorded for backward.",
                    example: "w = param(randn(3, 2))") { a in
                .tensor(try a.tensor(0, "t").asParam())
            },
            Builtin("backward(loss)", "Adds d loss / d p into p.grad for every param p the one-element loss depends on.",
                    example: "w = param(tensor([1, 2])); backward(sum(w * w)); print(w.grad)") { a in
                try a.tensor(0, "loss").backward()
                return .none
            },
            Builtin("zero_grad(*params)", "Sets the gradients of params (tensors or lists of them) to zero.",
                    example: "w = param(ones(2)); backward(sum(w)); zero_grad(w); print(w.grad)") { a in
                for i in 0..<a.count { try zeroGrad(a.value(i), a, i) }
                return .none
            },
            Builtin("detach(t)", "The same values, cut from the graph: nothing flows back through it.",
                    example: "w = param(ones(2)); detach(w * 2)") { a in
                .tensor(try a.tensor(0, "t").detached())
            },
            Builtin("graph(t)", "Shows the graph recorded for a tensor: each node's op, shape, value and grad.",
                    example: "w = param(tensor([1, 2])); loss = sum(w * w); backward(loss); graph(loss)") { a in
                let t = try a.tensor(0, "t")
                let out = a.interpreter.output
                if out.traits.opensSteppers { out.send(.graph(GraphText.tree(t))) } else { out.write(GraphText.describe(t)) }
                return .none
            },
        ]
    }

    private static func zeroGrad(_ v: Value, _ a: Arguments, _ i: Int) throws {
        switch v {
        case .tensor(let t): t.zeroGrad()
        case .list(let l): for item in l.items { try zeroGrad(item, a, i) }
        case .model(let m): for p in m.params { p.zeroGrad() }
        default:
            throw RuntimeError("zero_grad: expected params or lists of params, got a \(v.typeName)", at: a.at(i))
        }
    }
}
