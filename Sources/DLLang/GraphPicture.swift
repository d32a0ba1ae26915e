import TextFormat
import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `show(g)` for a graph: nodes at a force-directed layout, numbered, marked
/// by class, with edges as dotted lines. The layout starts from a circle and
/// uses no random numbers, so the same graph is drawn the same everywhere.
enum GraphPicture {
    static let unicodeMarks: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "◇"]
    static let asciiMarks: [Character] = ["#", "o", "@", "+", "%", "x", "&", "="]
    static let maxNodes = 200

    /// `classes[i]` marks node i; where `truth` differs, the legend lists the node.
    static func lines(adjacency a: Tensor, classes: [Int], truth: [Int]?, classNames: [String],
                      width: Int, unicode: Bool) throws -> [String] {
        let n = a.shape.first ?? 0
        guard a.shape.count == 2, a.shape[1] == n, n > 0 else {
            throw RuntimeError("show: a graph's adjacency must be square [n, n], got \(Shape.describe(a.shape))")
        }
        guard n <= maxNodes else { throw RuntimeError("show: a graph of \(n) nodes is too large to draw (at most \(maxNodes))") }
        guard classes.count == n else {
            throw RuntimeError("show: colors has \(classes.count) entries for a graph of \(n) nodes", help: "give one class per node, e.g. argmax(out, axis: 1)")
        }
        let marks = unicode ? unicodeMarks : asciiMarks
        guard classes.allSatisfy({ (0..<marks.count).contains($0) }) else {
            throw RuntimeError("show: colors must be whole numbers from 0 to \(marks.count - 1), one class per node")
        }
        var edges: [(Int, Int)] = []
        let v = a.storage
        for i in 0..<n { for j in (i + 1)..<n where v[i * n + j] != 0 || v[j * n + i] != 0 { edges.append((i, j)) } }
        let pos = layout(n, edges)

        let cols = Swift.max(30, Swift.min(width - 1, 78)), rows = Swift.max(12, cols * 3 / 10)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: cols), count: rows)
        let label = (0..<n).map { String(marks[classes[$0]]) + String($0) }
        let wide = label.map(\.count).max() ?? 1
        // Node i's cell: its label starts there, inside the frame.
        func cell(_ i: Int) -> (r: Int, c: Int) {
            (Swift.min(rows - 1, Int(pos[i].1 * Double(rows - 1) + 0.5)),
             Swift.min(cols - wide, Int(pos[i].0 * Double(cols - wide) + 0.5)))
        }
        let dot: Character = unicode ? "·" : "."
        for (i, j) in edges {
            let p = cell(i), q = cell(j)
            let steps = Swift.max(abs(p.r - q.r), abs(p.c - q.c), 1)
            // Every other cell: dotted lines stay lighter than the nodes.
            for s in stride(from: 1, to: steps, by: 2) {
                let r = p.r + (q.r - p.r) * s / steps, c = p.c + 1 + (q.c - p.c) * s / steps
                if grid[r].indices.contains(c) { grid[r][c] = dot }
            }
        }
        // Labels last, nudged sideways past one already drawn.
        var taken = Set<Int>()
        for i in 0..<n {
            let (r, c0) = cell(i)
            let text = Array(label[i])
            let fits = { (c: Int) in c >= 0 && c + text.count <= cols && (c..<(c + text.count)).allSatisfy { !taken.contains(r * cols + $0) } }
            let c = [c0, c0 + 2, c0 - 2, c0 + 4, c0 - 4, c0 + 6, c0 - 6].first(where: fits) ?? c0
            for (k, ch) in text.enumerated() where c + k < cols {
                grid[r][c + k] = ch
                taken.insert(r * cols + c + k)
            }
        }
        var out = grid.map { Picture.trimmed(String($0)) }
        let used = Array(Set(classes)).sorted()
        out.append(used.map { k in
            "\(marks[k]) \(k < classNames.count ? classNames[k] : "class \(k)") (\(classes.filter { $0 == k }.count))"
        }.joined(separator: "   ") + "   \(n) nodes, \(edges.count) edges")
        if let truth, truth.count == n {
            let wrong = (0..<n).filter { classes[$0] != truth[$0] }
            out.append(wrong.isEmpty ? "every node matches its true class"
                       : "\(wrong.count) of \(n) nodes differ from their true class: " + wrong.map(String.init).joined(separator: ", "))
        }
        return out
    }

    /// Fruchterman–Reingold from a circle, cooled over a fixed number of
    /// rounds; positions scaled into [0, 1] on both axes.
    static func layout(_ n: Int, _ edges: [(Int, Int)]) -> [(Double, Double)] {
        var p = (0..<n).map { i -> (Double, Double) in
            let t = 2 * Double.pi * Double(i) / Double(n)
            return (cos(t), sin(t))
        }
        guard n > 1 else { return [(0.5, 0.5)] }
        let k = (4.0 / Double(n)).squareRoot()
        var temperature = 0.2
        for _ in 0..<300 {
            var d = [(Double, Double)](repeating: (0, 0), count: n)
            for i in 0..<n {
                for j in 0..<n where j != i {
                    let dx = p[i].0 - p[j].0, dy = p[i].1 - p[j].1
                    let dist = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-6)
                    let push = k * k / dist
                    d[i].0 += dx / dist * push; d[i].1 += dy / dist * push
                }
            }
            for (i, j) in edges {
                let dx = p[i].0 - p[j].0, dy = p[i].1 - p[j].1
                let dist = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-6)
                let pull = dist * dist / k
                d[i].0 -= dx / dist * pull; d[i].1 -= dy / dist * pull
                d[j].0 += dx / dist * pull; d[j].1 += dy / dist * pull
            }
            for i in 0..<n {
                let len = Swift.max((d[i].0 * d[i].0 + d[i].1 * d[i].1).squareRoot(), 1e-9)
                let moved = Swift.min(len, temperature)
                p[i].0 += d[i].0 / len * moved; p[i].1 += d[i].1 / len * moved
            }
            temperature = Swift.max(temperature * 0.985, 0.002)
        }
        let xs = p.map(\.0), ys = p.map(\.1)
        let x0 = xs.min()!, x1 = xs.max()!, y0 = ys.min()!, y1 = ys.max()!
        return p.map { (($0.0 - x0) / Swift.max(x1 - x0, 1e-9), ($0.1 - y0) / Swift.max(y1 - y0, 1e-9)) }
    }
}
