import DLTensor
import DLNN
import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    public var text: String {
        var out = header + "\n"
        for s in steps { out += s.title + "\n" + s.lines.map { $0 + "\n" }.joined() }
        out += "param gradients (now in .grad):\n"
        for p in paramGradients { out += "  \(p.name) = \(BackpropText.values(p.values))\n" }
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
            let inputs = parents.map { "\(name($0)) = \(values($0.storage, shape: $0.shape))" }
            lines.append("  forward   " + inputs.joined(separator: ",  "))
            lines.append("            → \(s.op.name) = \(values(s.node.storage, shape: s.node.shape))")
            let from = i == 0 ? "(dL/dL = 1: the loss itself)" : "(summed from the steps above)"
            lines.append("  upstream  ∂L/∂out = \(values(s.upstream, shape: s.node.shape))  \(from)")
            lines.append("  local     " + s.op.formula)
            for l in numbers(s) { lines.append("            " + l) }
            for (p, c) in zip(parents, s.contributions) {
                guard let c else { continue }
                lines.append("  passes    → \(name(p)): ∂L/∂ = \(values(c, shape: p.shape))")
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
            result.append(.init(title: "step \(i + 1)/\(steps.count) · node \(name(s.node))  \(Shape.describe(s.node.shape))",
                                lines: lines, finishedParams: finished, details: details, pathName: "\(s.op.name)#\(id)"))
        }
        let header = "backward pass: \(steps.count) steps from the \(lossName) loss = \(n(loss.storage[0]))"
        let params = paramNames.keys.compactMap { key in nodes.first { ObjectIdentifier($0) == key } }
            .sorted { (paramNames[ObjectIdentifier($0)] ?? "") < (paramNames[ObjectIdentifier($1)] ?? "") }
        return BackpropPresentation(header: header, steps: result,
                                    paramGradients: params.map { (paramNames[ObjectIdentifier($0)]!, $0.grad?.storage ?? []) })
    }

    /// Values on one line, nested as their shape is: all of them when few,
    /// else the first rows and columns and the shape.
    public static func values(_ v: [Float], shape: [Int] = []) -> String {
        if v.count == 1 { return n(v[0]) }
        let cols = shape.count >= 2 ? Swift.max(1, shape.last!) : v.count
        let rows = v.count / Swift.max(cols, 1)
        let (shownRows, shownCols) = (Swift.min(rows, 4), Swift.min(cols, 6))
        let picked = (0..<shownRows).map { r in (0..<shownCols).map { v[r * cols + $0] } }
        var texts = NumberFormat.column(picked.flatMap { $0 }.map(Double.init))[...]
        func row(_ count: Int) -> String {
            let items = texts.prefix(count); texts = texts.dropFirst(count)
            return "[" + items.joined(separator: ", ") + (cols > shownCols ? ", …" : "") + "]"
        }
        let cut = rows > shownRows || cols > shownCols
        if shape.count < 2 {
            return String(row(shownCols).dropLast()) + (cut ? " (\(v.count) values)]" : "]")
        }
        let body = (0..<shownRows).map { _ in row(shownCols) }.joined(separator: ", ")
        return "[" + body + (rows > shownRows ? ", …" : "") + "]" + (cut ? " (\(Shape.describe(shape)))" : "")
    }

    /// A number for reading (significant digits, never 0.0000 for 2e-5).
    static func n(_ v: Float) -> String { NumberFormat.readable(Double(v)) }

    /// A number inside arithmetic: a negative one in brackets, so
    /// `1 − (-0.1338)²` reads as the computation it is.
    static func o(_ v: Float) -> String { v < 0 ? "(" + n(v) + ")" : n(v) }

    /// The formula with the numbers of element 0 (or row 0) in it.
    static func numbers(_ s: BackwardStep) -> [String] {
        let parents = s.node.node!.parents
        let g = s.upstream
        guard let g0 = g.first else { return [] }
        let y = s.node.storage
        let x = parents[0].storage
        func elementwise(_ local: String, _ d: Float) -> [String] {
            ["element 0: \(local) = \(n(d))",
             "∂L/∂in = ∂L/∂out · local = \(o(g0)) × \(o(d)) = \(n(g0 * d))"]
        }
        switch s.op.name {
        case "exp": return elementwise("e^\(o(x[0])) = \(n(y[0]))", y[0])
        case "log": return elementwise("1/x = 1/\(o(x[0]))", 1 / x[0])
        case "sqrt": return elementwise("1/(2√x) = 1/(2 × \(o(y[0])))", 0.5 / y[0])
        case "abs": return elementwise("sign(\(n(x[0])))", x[0] > 0 ? 1 : (x[0] < 0 ? -1 : 0))
        case "sin": return elementwise("cos(\(n(x[0])))", cosf(x[0]))
        case "cos": return elementwise("−sin(\(n(x[0])))", -sinf(x[0]))
        case "neg": return elementwise("−1", -1)
        case "relu": return elementwise("x = \(n(x[0])) is \(x[0] > 0 ? "> 0, so 1" : "≤ 0, so 0")", x[0] > 0 ? 1 : 0)
        case "leaky_relu":
            let d = g0 != 0 ? (s.contributions[0]?[0] ?? 0) / g0 : 0
            return elementwise("x = \(n(x[0])) is \(x[0] > 0 ? "> 0, so 1" : "≤ 0, so the slope")", d)
        case "sigmoid": return elementwise("σ(z)(1 − σ(z)) = \(o(y[0])) × \(o(1 - y[0]))", y[0] * (1 - y[0]))
        case "tanh": return elementwise("1 − tanh(x)² = 1 − \(o(y[0]))²", 1 - y[0] * y[0])
        case "gelu":
            let cdf = 0.5 * (1 + erff(x[0] / 2.0.squareRoot().f)), pdf = expf(-0.5 * x[0] * x[0]) * 0.39894228
            return elementwise("Φ(\(n(x[0]))) + \(o(x[0])) × φ(\(n(x[0]))) = \(n(cdf)) + \(o(x[0] * pdf))", cdf + x[0] * pdf)
        case "add", "sub", "mul", "div", "pow":
            let a = parents[0], b = parents[1]
            let ai = Shape.sourceOffset(of: 0, in: s.node.shape, from: a.shape)
            let bi = Shape.sourceOffset(of: 0, in: s.node.shape, from: b.shape)
            let (av, bv) = (a.storage[ai], b.storage[bi])
            let (da, db): (Float, Float) = {
                switch s.op.name {
                case "add": return (1, 1)
                case "sub": return (1, -1)
                case "mul": return (bv, av)
                case "div": return (1 / bv, -av / (bv * bv))
                default: return (bv * powf(av, bv - 1), powf(av, bv) * logf(av))
                }
            }()
            var lines = ["element 0: a = \(n(av)), b = \(n(bv)) → ∂/∂a = \(n(da)), ∂/∂b = \(n(db))",
                         "∂L/∂a = \(o(g0)) × \(o(da)) = \(n(g0 * da)),  ∂L/∂b = \(o(g0)) × \(o(db)) = \(n(g0 * db))"]
            if a.shape != s.node.shape || b.shape != s.node.shape { lines.append("(a broadcast operand gets the sum over the axes it was repeated along)") }
            return lines
        case "sum": return ["each of the \(x.count) inputs gets ∂L/∂out × 1 = \(n(g0))" + (g.count > 1 ? " (per output)" : "")]
        case "mean":
            let count = Float(x.count / Swift.max(g.count, 1))
            return ["each of the \(Int(count)) inputs per output gets ∂L/∂out / n = \(o(g0)) / \(Int(count)) = \(n(g0 / count))"]
        case "max", "min": return ["only the \(s.op.name == "max" ? "largest" : "smallest") input of each reduction gets ∂L/∂out; the others get 0"]
        case "matmul":
            let a = parents[0], b = parents[1]
            return ["∂L/∂A = ∂L/∂Y @ Bᵀ: \(Shape.describe(s.node.shape)) @ \(Shape.describe(b.shape.reversed())) → \(Shape.describe(a.shape))",
                    "∂L/∂B = Aᵀ @ ∂L/∂Y: \(Shape.describe(a.shape.reversed())) @ \(Shape.describe(s.node.shape)) → \(Shape.describe(b.shape))",
                    s.contributions[0] != nil
                        ? "element [0, 0] of ∂L/∂A: row 0 of ∂L/∂Y · row 0 of B = \(n(s.contributions[0]?.first ?? 0))"
                        : "element [0, 0] of ∂L/∂B: column 0 of A · column 0 of ∂L/∂Y = \(n(s.contributions[1]?.first ?? 0))"]
        case "reshape", "transpose", "index", "concat":
            return ["no arithmetic: each gradient value goes back to the position its value came from"]
        case "softmax":
            let k = s.node.shape.last ?? 1
            let dot = (0..<Swift.min(k, g.count)).reduce(Float(0)) { $0 + g[$1] * y[$1] }
            return ["row 0: Σⱼ ∂L/∂yⱼ · yⱼ = \(n(dot))",
                    "∂L/∂x₀ = y₀ (∂L/∂y₀ − Σ) = \(o(y[0])) × (\(o(g0)) − \(o(dot))) = \(n(y[0] * (g0 - dot)))"]
        case "log_softmax":
            let k = s.node.shape.last ?? 1
            let total = g.prefix(k).reduce(0, +)
            return ["row 0: Σⱼ ∂L/∂yⱼ = \(n(total)), softmax(x)₀ = e^\(o(y[0])) = \(n(expf(y[0])))",
                    "∂L/∂x₀ = \(o(g0)) − \(o(expf(y[0]))) × \(o(total)) = \(n(g0 - expf(y[0]) * total))"]
        case "crossentropy":
            let k = parents[0].shape.last ?? 1, rows = parents[0].shape.first ?? 1
            let row = Array(x.prefix(k)), m = row.max() ?? 0
            let e = row.map { expf($0 - m) }, total = e.reduce(0, +)
            let label = Int(parents[1].storage[0])
            let p0 = e[0] / total
            return ["row 0: softmax(z₀) = \(values(e.map { $0 / total })), label \(label)",
                    "∂L/∂z₀₀ = (\(o(p0)) − \(label == 0 ? 1 : 0)) / \(rows) × \(o(g0)) = \(n((p0 - (label == 0 ? 1 : 0)) / Float(rows) * g0))"]
        case "bce":
            let count = parents[0].count, t0 = parents[1].storage[0]
            let s0 = x[0] >= 0 ? 1 / (1 + expf(-x[0])) : expf(x[0]) / (1 + expf(x[0]))
            return ["element 0: σ(z₀) = σ(\(n(x[0]))) = \(n(s0)), target \(n(t0))",
                    "∂L/∂z₀ = (\(o(s0)) − \(o(t0))) / \(count) × \(o(g0)) = \(n((s0 - t0) / Float(count) * g0))"]
        case "conv2d":
            return ["∂L/∂W: each filter weight sums ∂L/∂out × the input value it met, over every position",
                    "∂L/∂x: each input value sums ∂L/∂out × the weights that read it",
                    "element 0 of ∂L/∂W: \(n(s.contributions.count > 1 ? (s.contributions[1]?.first ?? 0) : 0))"]
        case "maxpool2d":
            return ["each window's largest input gets ∂L/∂out; the others in the window get 0",
                    "element 0: ∂L/∂out = \(n(g0)) goes to the largest value of the first window, \(n(y[0]))"]
        case "avgpool2d":
            // Input 0 always sits in the first window, so its gradient shows the share.
            let share = g0 != 0 ? (s.contributions[0]?.first ?? 0) / g0 : 0
            return ["each input of a k×k window gets ∂L/∂out / k²",
                    "element 0: \(o(g0)) × \(n(share)) = \(n(g0 * share)) for each input of the first window"]
        case "embedding":
            let dim = parents[0].shape.last ?? 1, id = Int(parents[1].storage.first ?? 0)
            return ["row id of ∂L/∂W sums ∂L/∂out of every position that looked up id (\(dim) values per row)",
                    "position 0 looked up id \(id): ∂L/∂W[\(id), 0] gets \(n(g0))"]
        default:
            return []
        }
    }
}

extension Double { var f: Float { Float(self) } }
