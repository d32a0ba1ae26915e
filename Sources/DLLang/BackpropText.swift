import DLTensor

/// The backward pass as a learner reads it: one step per node, each with the
/// upstream gradient, the op's derivative as a formula and with the numbers
/// of element 0 in it, and what each parent receives. Plain values, so the
/// screen can step through them on its own thread.
public struct BackpropPresentation: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var title: String
        public var lines: [String]
        /// Params whose gradient is complete after this step.
        public var finishedParams: [String]
        /// The full tensors of the step (Enter expands them in the screen).
        public var details: [String]
        /// The node as the forward path shows it, e.g. `tanh#6`.
        public var pathName: String
    }
    public var header: String
    public var steps: [Step]
    /// Each param's name and its full gradient, in model order.
    public var paramGradients: [(name: String, values: [Float])]

    public static func == (a: Self, b: Self) -> Bool {
        a.header == b.header && a.steps == b.steps && a.paramGradients.map(\.name) == b.paramGradients.map(\.name)
    }

    /// As text: a pass of thousands of steps (a model placing a block
    /// thousands of times) printed 48 MB; the start and the end are shown,
    /// and the stepper in the screen walks every step.
    public var text: String {
        var out = header + "\n"
        let head = 80, tail = 20
        for (i, s) in steps.enumerated() {
            if steps.count > head + tail + 1 && i == head {
                out += "… \(steps.count - head - tail) more steps (the notebook screen steps through all of them) …\n"
            }
            if steps.count > head + tail + 1 && i >= head && i < steps.count - tail { continue }
            out += s.title + "\n" + s.lines.map { $0 + "\n" }.joined()
        }
        out += "param gradients (now in .grad):\n"
        for p in paramGradients.prefix(200) { out += "  \(p.name) = \(OpText.values(p.values))\n" }
        if paramGradients.count > 200 { out += "  … and \(paramGradients.count - 200) more params\n" }
        return out
    }
}

public enum BackpropText {
    /// Builds the presentation of a traced backward pass from `loss`.
    static func present(loss: Tensor, steps: [BackwardStep], lossName: String,
                        paramNames: [ObjectIdentifier: String]) -> BackpropPresentation {
        let nodes = GraphText.allNodes(loss)
        var ids: [ObjectIdentifier: Int] = [:]
        for (i, t) in nodes.enumerated() { ids[ObjectIdentifier(t)] = i + 1 }
        func name(_ t: Tensor) -> String {
            let id = ids[ObjectIdentifier(t)].map { "#\($0)" } ?? "#?"
            if let p = paramNames[ObjectIdentifier(t)] { return "\(id) \(p)" }
            if let n = t.node { return "\(id) \(n.op.name)" }
            return "\(id) \(t.isParam ? "param" : "input")"
        }
        // A param's gradient is complete after the last step that feeds it.
        var lastFeed: [ObjectIdentifier: Int] = [:]
        for (i, s) in steps.enumerated() {
            for (p, c) in zip(s.node.node!.parents, s.contributions) where c != nil && p.isParam { lastFeed[ObjectIdentifier(p)] = i }
        }
        var result: [BackpropPresentation.Step] = []
        for (i, s) in steps.enumerated() {
            let parents = s.node.node!.parents
            var lines: [String] = []
            let inputs = parents.map { "\(name($0)) = \(OpText.values($0.storage, shape: $0.shape))" }
            lines.append("  forward   " + inputs.joined(separator: ",  "))
            lines.append("            → \(s.op.name) = \(OpText.values(s.node.storage, shape: s.node.shape))")
            let from = i == 0 ? "(dL/dL = 1: the loss itself)" : "(summed from the steps above)"
            lines.append("  upstream  ∂L/∂out = \(OpText.values(s.upstream, shape: s.node.shape))  \(from)")
            lines.append("  local     " + s.op.formula)
            for l in s.op.numbers(s) { lines.append("            " + l) }
            for (p, c) in zip(parents, s.contributions) {
                guard let c else { continue }
                lines.append("  passes    → \(name(p)): ∂L/∂ = \(OpText.values(c, shape: p.shape))")
            }
            let finished = parents.filter { $0.isParam && lastFeed[ObjectIdentifier($0)] == i }
                .compactMap { paramNames[ObjectIdentifier($0)] }
            if !finished.isEmpty { lines.append("  done      " + finished.joined(separator: ", ") + ": gradient complete") }
            var details = ["upstream ∂L/∂out \(Shape.describe(s.node.shape)):"]
            details += Tensor(shape: s.node.shape, storage: s.upstream).readable().split(separator: "\n").map { "  " + $0 }
            for (p, c) in zip(parents, s.contributions) {
                guard let c else { continue }
                details.append("to \(name(p)) \(Shape.describe(p.shape)):")
                details += Tensor(shape: p.shape, storage: c).readable().split(separator: "\n").map { "  " + $0 }
            }
            let id = ids[ObjectIdentifier(s.node)].map(String.init) ?? "?"
            let layer = s.node.node?.scope.map { "  · \($0.description)" } ?? ""
            result.append(.init(title: "step \(i + 1)/\(steps.count) · node \(name(s.node))  \(Shape.describe(s.node.shape))" + layer,
                                lines: lines, finishedParams: finished, details: details, pathName: "\(s.op.name)#\(id)"))
        }
        let header = "backward pass: \(steps.count) steps from the \(lossName) loss = \(OpText.n(loss.storage[0]))"
        let params = paramNames.keys.compactMap { key in nodes.first { ObjectIdentifier($0) == key } }
            .sorted { (paramNames[ObjectIdentifier($0)] ?? "") < (paramNames[ObjectIdentifier($1)] ?? "") }
        return BackpropPresentation(header: header, steps: result,
                                    paramGradients: params.map { (paramNames[ObjectIdentifier($0)]!, $0.grad?.storage ?? []) })
    }
}
