import TextFormat
import DLTensor

/// `scatter(a, b, ...)`: sets of 2-D points drawn as text, one mark per set,
/// later sets on top. A fixed `range:` keeps the frame still between calls,
/// so a loop that draws every few hundred steps shows points moving.
enum Scatter {
    static let unicodeMarks: [Character] = ["·", "•", "×", "○", "+", "◆", "▲", "■"]
    static let asciiMarks: [Character] = [".", "o", "x", "O", "+", "#", "^", "%"]
    static let maxSets = 8

    struct Bounds { var x0: Double, x1: Double, y0: Double, y1: Double }

    /// The lines that draw `sets` in a frame at most `width` columns wide.
    static func lines(_ sets: [Tensor], names: [String], bounds fixed: Bounds?, width: Int,
                      unicode: Bool) throws -> [String] {
        guard !sets.isEmpty, sets.count <= maxSets else {
            throw RuntimeError("scatter: give 1 to \(maxSets) sets of points, got \(sets.count)")
        }
        for (i, s) in sets.enumerated() where s.shape.count != 2 || s.shape[1] != 2 {
            throw RuntimeError("scatter: set \(i + 1) has shape \(Shape.describe(s.shape)); each set is [n, 2], one point per row",
                               help: "e.g. scatter(data.x) or scatter(real, fake)")
        }
        let bounds = try fixed ?? fitted(sets)
        let cols = Swift.max(16, Swift.min(width - 10, 56))
        // A terminal cell is about twice as tall as wide: half as many rows
        // keep a circle round.
        let rows = Swift.max(8, cols * 3 / 8)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: cols), count: rows)
        let marks = unicode ? unicodeMarks : asciiMarks
        var outside = 0
        for (i, s) in sets.enumerated() {
            let v = s.storage
            for p in 0..<s.shape[0] {
                let x = Double(v[2 * p]), y = Double(v[2 * p + 1])
                let fx = (x - bounds.x0) / (bounds.x1 - bounds.x0), fy = (y - bounds.y0) / (bounds.y1 - bounds.y0)
                guard fx.isFinite, fy.isFinite, (0...1).contains(fx), (0...1).contains(fy) else { outside += 1; continue }
                let c = Swift.min(cols - 1, Int(fx * Double(cols)))
                let r = Swift.min(rows - 1, Int((1 - fy) * Double(rows)))
                grid[r][c] = marks[i]
            }
        }
        let frame = unicode ? (h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘") : (h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+")
        let top = NumberFormat.readable(bounds.y1), bottom = NumberFormat.readable(bounds.y0)
        let margin = Swift.max(top.count, bottom.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: margin - s.count) + s }
        var out = [pad("") + " " + frame.tl + String(repeating: frame.h, count: cols) + frame.tr]
        for (r, row) in grid.enumerated() {
            let label = r == 0 ? top : r == rows - 1 ? bottom : ""
            out.append(pad(label) + " " + frame.v + String(row) + frame.v)
        }
        out.append(pad("") + " " + frame.bl + String(repeating: frame.h, count: cols) + frame.br)
        let left = NumberFormat.readable(bounds.x0), right = NumberFormat.readable(bounds.x1)
        out.append(pad("") + "  " + left + String(repeating: " ", count: Swift.max(1, cols - left.count - right.count)) + right)
        var legend = sets.indices.map { i in
            "\(marks[i]) \(i < names.count ? names[i] : "set \(i + 1)") (\(sets[i].shape[0]))"
        }.joined(separator: "   ")
        if outside > 0 { legend += "   \(outside) outside the frame" }
        out.append(legend)
        return out.map(Picture.trimmed)
    }

    /// The smallest frame around every finite point, padded by 5%.
    static func fitted(_ sets: [Tensor]) throws -> Bounds {
        var b = Bounds(x0: .infinity, x1: -.infinity, y0: .infinity, y1: -.infinity)
        for s in sets {
            let v = s.storage
            for p in 0..<s.shape[0] {
                let x = Double(v[2 * p]), y = Double(v[2 * p + 1])
                guard x.isFinite, y.isFinite else { continue }
                b.x0 = Swift.min(b.x0, x); b.x1 = Swift.max(b.x1, x)
                b.y0 = Swift.min(b.y0, y); b.y1 = Swift.max(b.y1, y)
            }
        }
        guard b.x0 <= b.x1 else { throw RuntimeError("scatter: no point has finite coordinates to draw") }
        func widen(_ lo: inout Double, _ hi: inout Double) {
            let span = hi - lo > 0 ? hi - lo : Swift.max(abs(lo), 1)
            lo -= span * 0.05; hi += span * 0.05
        }
        widen(&b.x0, &b.x1); widen(&b.y0, &b.y1)
        return b
    }
}
