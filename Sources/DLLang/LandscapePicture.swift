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
    static func lines(_ l: Landscape, title: String, width: Int, unicode: Bool) -> [String] {
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
        var out = [title]
        for i in shownRows {
            var line = ""
            for j in shownColumns {
                if i == minRow && j == minColumn { line.append("*") }
                else if i == c && j == c { line.append("+") }
                else { line.append(shade(l.loss[i * n + j])) }
            }
            out.append(Picture.trimmed(line))
        }
        var legend = "+ the current weights, loss \(number(l.center))"
        if let m = minimum {
            legend += "; * the lowest on the slice, \(number(l.loss[m.row * n + m.column])) at α \(number(l.alphas[m.column])), β \(number(l.betas[m.row]))"
        }
        out.append(legend)
        let lowest = finite.min() ?? 0, highest = finite.max() ?? 0
        out.append("loss \(number(lowest)) [" + String(shades) + "] \(number(highest)), shaded on a log scale"
                   + (finite.count < l.loss.count ? "; \(Picture.notFinite) where it is not finite" : ""))
        return out
    }

    static func number(_ v: Double) -> String { NumberFormat.readable(v, significant: 3) }
}
