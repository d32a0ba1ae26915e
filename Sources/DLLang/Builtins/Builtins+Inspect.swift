import TextFormat
import DLTensor
import DLNN
import DLData

extension Builtins {
    static let backpropNodeLimit = 2_000

    static func inspect() -> [Builtin] {
        [
            Builtin("backprop(net, x, y, loss: none)",
                    "Runs the forward pass on x, then steps through the backward pass node by node: upstream gradient, the derivative with numbers, what each parent receives.",
                    example: "model m { input(2); dense(2); tanh(); dense(1); sigmoid() }; backprop(m, tensor([[0.5, -1]]), tensor([1]), loss: \"bce\")") { a in
                let model = try a.model(0)
                let x = try a.tensor(1, "x"), y = try a.tensor(2, "y")
                let data = try Dataset.from(x: x.rank == model.inputShape.count ? try x.reshaped([1] + x.shape) : x, y: y)
                let loss = try Training.lossFor(a, model: model, data: data)
                let names = LayerTree.paramNames(of: model)
                for p in model.params { p.zeroGrad() }
                var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
                let value = try loss.compute(try model.forward(data.x, &context, skippingFinalActivation: loss.wantsLogits(model)), data.y)
                // A model that places a block thousands of times has a pass no
                // one steps through, and explaining every node took minutes.
                let nodes = GraphText.allNodes(value).count
                guard nodes <= Self.backpropNodeLimit else {
                    throw RuntimeError("backprop: this backward pass has \(nodes) nodes; it is shown for passes of up to \(Self.backpropNodeLimit)",
                                       help: "backprop a model with fewer layers, or one sample")
                }
                let steps = try value.backwardTrace()
                let presentation = BackpropText.present(loss: value, steps: steps, lossName: loss.rawValue, paramNames: names)
                let out = a.interpreter.output
                if out.traits.opensSteppers { out.send(.backprop(presentation)) } else { out.write(presentation.text) }
                return .none
            },
            Builtin("gradcheck(f, params)",
                    "Compares autograd with central differences for every param: a table of shape, max absolute and relative error, pass or fail. f is a model with data, or a function of no arguments returning a one-element loss with a list of params.",
                    example: "w = param(tensor([0.5, -2])); fn f() { return sum(tanh(w) * w) }; gradcheck(f, [w])") { a in
                let out = a.interpreter.output
                let reports: [GradCheck.Report]
                let names: [String]
                switch (a.value(0), a.value(1)) {
                case (.model(let m), .dataset(let d)):
                    let rows = d.subset(Array(0..<Swift.min(d.size, 32)), name: d.name)
                    let loss = try Training.lossFor(a, model: m, data: rows)
                    let lookup = LayerTree.paramNames(of: m)
                    names = m.params.map { lookup[ObjectIdentifier($0)] ?? "param" }
                    reports = try GradCheck.check(params: m.params) {
                        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
                        return try loss.compute(try m.forward(rows.x, &context, skippingFinalActivation: loss.wantsLogits(m)), rows.y)
                    }
                case (.function, .list):
                    let params = try a.paramList(1)
                    names = params.indices.map { "params[\($0)]" }
                    let f = a.value(0)
                    reports = try GradCheck.check(params: params) {
                        let v = try a.interpreter.call(f, positional: [], at: a.location)
                        guard case .tensor(let t) = v, t.count == 1 else {
                            throw RuntimeError("gradcheck: the function must return a one-element tensor, got \(v.typeName == "tensor" ? "a bigger tensor" : "a " + v.typeName)")
                        }
                        return t
                    }
                default:
                    throw RuntimeError("gradcheck takes a model and a dataset, or a function and a list of params",
                                       help: "e.g. gradcheck(net, data) or gradcheck(f, [w, b])")
                }
                out.write(table(reports, names: names))
                return .record(Record(kind: "gradcheck", fields: [
                    ("passed", .bool(reports.allSatisfy(\.passed))),
                    ("max_abs_error", .number(reports.map(\.maxAbsoluteError).max() ?? 0)),
                ], reported: true))
            },
        ]
    }

    static func table(_ reports: [GradCheck.Report], names: [String]) -> String {
        let rows = zip(reports, names).map { r, n in
            [n, Shape.describe(r.shape), EvaluationText.f3(r.maxAbsoluteError), EvaluationText.f3(r.maxRelativeError), r.passed ? "pass" : "FAIL"]
        }
        let header = ["param", "shape", "max abs err", "max rel err", "result"]
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { c, s in c >= 2 && c <= 3 ? String(repeating: " ", count: widths[c] - s.count) + s : s + String(repeating: " ", count: widths[c] - s.count) }
                .joined(separator: "  ").trimmingTrailingSpaces
        }
        let verdict = reports.allSatisfy(\.passed) ? "all gradients agree with central differences"
                                                   : "\(reports.filter { !$0.passed }.count) param(s) disagree: check their derivative"
        return "gradcheck: \(verdict)\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
