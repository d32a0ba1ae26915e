import DLNN
import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `landscape(...)` as text: one character per α column, one line per
/// second β row (a cell is about twice as tall as wide), shaded by the log
/// of the loss, so each shade is a band between two contours; `+` is the
/// current weights, `*` the lowest loss on the slice.
enum LandscapePicture {
    static func lines(_ l: Landscape, title: String, path: [(Double, Double)] = [], width: Int, unicode: Bool) -> [String] {
        let shades = unicode ? Picture.unicodeShades : Picture.asciiShades
        let n = l.steps, c = n / 2
        let columnStride = Swift.max(1, Picture.ceilDiv(n, Swift.max(width - 1, 8)))
        let rowStride = 2 * columnStride
        let shownColumns = (0..<n).filter { ($0 - c) % columnStride == 0 }
        let shownRows = (0..<n).filter { ($0 - c) % rowStride == 0 }
        let finite = l.loss.filter { $0.isFinite && $0 > 0 }
        let lo = finite.min().map(log) ?? 0, hi = finite.max().map(log) ?? 0
        func shade(_ v: Double) -> Character {
            guard v.isFinite else { return Picture.notFinite }
            guard hi > lo, v > 0 else { return shades[0] }
            let i = Int(((log(v) - lo) / (hi - lo) * Double(shades.count)).rounded(.down))
            return shades[Swift.max(0, Swift.min(shades.count - 1, i))]
        }
        func nearest(_ xs: [Int], _ x: Int) -> Int { xs.min { Swift.abs($0 - x) < Swift.abs($1 - x) } ?? x }
        let minimum = l.minimum
        let minRow = minimum.map { nearest(shownRows, $0.row) }, minColumn = minimum.map { nearest(shownColumns, $0.column) }
        // The path: each snapshot at its nearest drawn cell; `o` where it started.
        let step = n > 1 ? (l.alphas[n - 1] - l.alphas[0]) / Double(n - 1) : 1
        func cell(_ p: (Double, Double)) -> (Int, Int)? {
            let j = Int(((p.0 - l.alphas[0]) / step).rounded()), i = Int(((l.betas[0] - p.1) / step).rounded())
            guard (0..<n).contains(i), (0..<n).contains(j) else { return nil }
            return (nearest(shownRows, i), nearest(shownColumns, j))
        }
        var marks: [Int: Character] = [:]
        for (k, p) in path.enumerated() {
            guard let (i, j) = cell(p) else { continue }
            if marks[i * n + j] != "o" { marks[i * n + j] = k == 0 ? "o" : (unicode ? "•" : ".") }
        }
        var out = [title]
        for i in shownRows {
            var line = ""
            for j in shownColumns {
                if i == minRow && j == minColumn { line.append("*") }
                else if i == c && j == c { line.append("+") }
                else if let m = marks[i * n + j] { line.append(m) }
                else { line.append(shade(l.loss[i * n + j])) }
            }
            out.append(Picture.trimmed(line))
        }
        var legend = "+ the current weights, loss \(number(l.center))"
        if let m = minimum {
            legend += "; * the lowest on the slice, \(number(l.loss[m.row * n + m.column])) at α \(number(l.alphas[m.column])), β \(number(l.betas[m.row]))"
        }
        if !path.isEmpty { legend += "; \(unicode ? "•" : ".") the path fit took, from o" }
        out.append(legend)
        let lowest = finite.min() ?? 0, highest = finite.max() ?? 0
        out.append("loss \(number(lowest)) [" + String(shades) + "] \(number(highest)), shaded on a log scale"
                   + (finite.count < l.loss.count ? "; \(Picture.notFinite) where it is not finite" : ""))
        return out
    }

    static func number(_ v: Double) -> String { NumberFormat.readable(v, significant: 3) }
}
