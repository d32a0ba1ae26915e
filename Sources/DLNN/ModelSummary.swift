import TextFormat
import DLTensor

/// The layer table `summary(net)` prints, like Keras' summary and torchinfo.
public enum ModelSummary {
    public static func text(_ model: Model, width: Int = 80) -> String {
        let showTrainable = width >= 46
        var rows: [[String]] = []
        let entries = LayerTree.entries(of: model)
        // Each row counts its block's params (a walk of the block), so a
        // table of thousands of rows would take seconds and no one reads it.
        for e in entries.prefix(maxRows) {
            let count = e.layer.parameterCount
            // A nested row is indented under its block and numbered by its path (2.0.1).
            let number = rowNumber(of: e.path)
            let shared = e.sameAs.map { " (the same as " + rowNumber(of: $0) + ")" } ?? ""
            let name = String(repeating: "  ", count: e.depth) + e.layer.label + shared
            var row = [number, name, Shape.describe(e.layer.outputShape), grouped(count)]
            if showTrainable {
                let frozen = e.layer.params.filter(\.isFrozen).count
                row.append(count == 0 ? "" : frozen == 0 ? "yes" : frozen == e.layer.params.count ? "no" : "partly")
            }
            rows.append(row)
        }
        var header = ["#", "layer", "output", "params"]
        if showTrainable { header.append("trainable") }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            var s = " "
            for (c, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                // Numbers right-aligned, text left-aligned.
                s += (c == 0 || c == 3 ? pad + cell : cell + pad) + (c == cells.count - 1 ? "" : "  ")
            }
            return s.trimmingTrailingSpaces
        }
        let tableWidth = widths.reduce(0, +) + 2 * (widths.count - 1) + 1
        let title = "model \(model.name)"
        let input = "input \(Shape.describe(model.inputShape))"
        var out = title + String(repeating: " ", count: Swift.max(2, tableWidth - title.count - input.count)) + input + "\n"
        out += line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        if entries.count > maxRows {
            out += " … and \(grouped(entries.count - maxRows)) more rows (nested models: summary(net.layers[i]) shows one)\n"
        }
        let total = model.parameterCount
        let buffers = model.state.reduce(0) { $0 + $1.count } - total
        let frozen = model.params.filter(\.isFrozen).reduce(0) { $0 + $1.count }
        out += " " + String(repeating: "─", count: Swift.max(tableWidth - 1, 10)) + "\n"
        out += " total \(grouped(total)) params" + (frozen > 0 ? " (\(grouped(frozen)) frozen)" : "")
            + " · \(bytes((total + buffers) * 4)) · forward ≈ \(short(multAdds(model))) mult-adds per sample\n"
        return out
    }

    static let maxRows = 400

    /// `layers[2].layers[0]` as the table numbers it: 2.0.
    static func rowNumber(of path: String) -> String {
        path.split(separator: ".").map { $0.dropFirst(7).dropLast() }.joined(separator: ".")
    }

    /// Every place a layer runs counts, so a model used twice costs twice;
    /// each block is measured once.
    static func multAdds(_ model: Model) -> Int {
        var memo: [ObjectIdentifier: Int] = [:]
        func cost(_ l: Layer) -> Int {
            if l.layers.isEmpty { return l.multAdds }
            if let c = memo[ObjectIdentifier(l)] { return c }
            let c = l.layers.reduce(0) { Swift.min(Int.max / 2, $0 &+ cost($1)) }
            memo[ObjectIdentifier(l)] = c
            return c
        }
        return cost(model)
    }

    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return oneDecimal(Double(n) / 1024) + " KiB" }
        return oneDecimal(Double(n) / 1_048_576) + " MiB"
    }

    static func short(_ n: Int) -> String {
        if n < 1000 { return String(n) }
        if n < 1_000_000 { return "\(Int((Double(n) / 1000).rounded()))k" }
        return oneDecimal(Double(n) / 1_000_000) + "M"
    }

    static func oneDecimal(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
    }
}
