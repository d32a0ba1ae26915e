import TextFormat

/// How the stepper writes the numbers of one backward step: each op's
/// `numbers` explanation builds its lines from these.
public enum OpText {
    /// A number for reading (significant digits, never 0.0000 for 2e-5).
    public static func n(_ v: Float) -> String { NumberFormat.readable(Double(v)) }

    /// A number inside arithmetic: a negative one in brackets, so
    /// `1 − (-0.1338)²` reads as the computation it is.
    public static func o(_ v: Float) -> String { v < 0 ? "(" + n(v) + ")" : n(v) }

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

    /// An elementwise op's two lines: its local derivative at element 0, and
    /// the chain rule with the upstream gradient.
    static func elementwise(_ s: BackwardStep, _ local: String, _ d: Float) -> [String] {
        ["element 0: \(local) = \(n(d))",
         "∂L/∂in = ∂L/∂out · local = \(o(s.g0)) × \(o(d)) = \(n(s.g0 * d))"]
    }
}

extension BackwardStep {
    /// The parents, the first parent's values, the output's values and the
    /// upstream gradient's element 0: what most explanations start from.
    var inputs: [Tensor] { node.node!.parents }
    var x: [Float] { inputs[0].storage }
    var y: [Float] { node.storage }
    var g0: Float { upstream.first ?? 0 }
}
