import DLNN
import TextFormat

/// `neurons(net)`: the maps of `NeuronMaps` side by side, one block per
/// layer. A map is one character per grid column and one line per grid row
/// (a cell is about twice as tall as wide, so 16×8 reads as a square).
enum NeuronPicture {
    static let columns = 16, rows = 8

    static func picture(_ maps: NeuronMaps, name: String, width: Int, unicode: Bool, diverging: Bool) -> ShadedPicture {
        let shades = unicode ? Picture.unicodeShades : Picture.asciiShades
        let gap = 2
        var out: [[ShadedPicture.Cell]] = []
        let b = maps.bounds
        out.append(ShadedPicture.text("what each unit computes over x \(n(b.x0))..\(n(b.x1)) (across) and y \(n(b.y0))..\(n(b.y1)) (up)"))
        for layer in maps.layers {
            let scale = Scale(layer)
            let colored = diverging && scale.signed
            var header = "\(name).layers[\(layer.index)] \(layer.label)"
            header += layer.isOutput ? ": the output" : ": \(layer.maps.count) unit\(layer.maps.count == 1 ? "" : "s")"
            var headerCells = ShadedPicture.text(header + ", ")
            if colored {
                headerCells += ShadedPicture.text("\(n(scale.center - scale.half)) ") + Diverging.swatches
                    + ShadedPicture.text(" \(n(scale.center + scale.half))")
            } else {
                headerCells += ShadedPicture.text("\(n(scale.lo)) [" + String(shades) + "] \(n(scale.hi))")
            }
            let dead = layer.maps.filter { $0.state == .dead }.count
            let saturated = layer.maps.filter { $0.state == .saturated }.count
            var marks: [String] = []
            if dead > 0 { marks.append("\(dead) dead (0 everywhere)") }
            if saturated > 0 { marks.append("\(saturated) saturated (flat everywhere)") }
            if !marks.isEmpty { headerCells += ShadedPicture.text("; " + marks.joined(separator: ", ")) }
            out.append([])
            out.append(headerCells)
            let perRow = Swift.max(1, (Swift.max(width - 1, columns) + gap) / (columns + gap))
            var start = 0
            while start < layer.maps.count {
                let chunk = layer.maps[start..<Swift.min(start + perRow, layer.maps.count)]
                out.append(row(chunk.map { ShadedPicture.text(label($0, output: layer.isOutput)) }, gap: gap))
                for r in 0..<maps.rows {
                    out.append(row(chunk.map { map in
                        (0..<maps.columns).map { c in
                            let v = map.values[r * maps.columns + c]
                            return ShadedPicture.Cell(scale.shade(v, shades), level: colored ? scale.level(v) : nil)
                        }
                    }, gap: gap))
                }
                start += chunk.count
            }
        }
        return ShadedPicture(lines: out)
    }

    static func label(_ map: NeuronMaps.Map, output: Bool) -> String {
        var s = output ? "out \(map.unit)" : "unit \(map.unit)"
        switch map.state {
        case .alive: break
        case .dead: s += " DEAD"
        case .saturated: s += " SAT"
        }
        return s
    }

    /// Cells of equal-width blocks, `gap` spaces apart.
    static func row(_ blocks: [[ShadedPicture.Cell]], gap: Int) -> [ShadedPicture.Cell] {
        var line: [ShadedPicture.Cell] = []
        for (i, b) in blocks.enumerated() {
            if i > 0 { line += ShadedPicture.text(String(repeating: " ", count: gap)) }
            line += b + ShadedPicture.text(String(repeating: " ", count: Swift.max(0, columns - b.count)))
        }
        while let last = line.last, last.character == " ", last.level == nil { line.removeLast() }
        return line
    }

    /// One scale per layer, so its units compare: a tanh's fixed [-1, 1], a
    /// sigmoid's or softmax's [0, 1] centred on 0.5 (the decision), else the
    /// layer's own range, centred on 0.
    struct Scale {
        let lo: Float, hi: Float, center: Float, half: Float

        init(_ layer: NeuronMaps.LayerMaps) {
            switch layer.kind {
            case "tanh": (lo, hi, center) = (-1, 1, 0)
            case "sigmoid", "softmax": (lo, hi, center) = (0, 1, 0.5)
            default:
                let finite = layer.lo <= layer.hi
                (lo, hi, center) = (finite ? layer.lo : 0, finite ? layer.hi : 0, 0)
            }
            half = Swift.max(Swift.abs(lo - center), Swift.abs(hi - center))
        }

        var signed: Bool { lo < center && hi > center }

        func shade(_ v: Float, _ shades: [Character]) -> Character {
            guard v.isFinite else { return Picture.notFinite }
            guard hi > lo else { return shades[shades.count / 2] }
            let i = Int(((v - lo) / (hi - lo) * Float(shades.count)).rounded(.down))
            return shades[Swift.max(0, Swift.min(shades.count - 1, i))]
        }

        func level(_ v: Float) -> Int? { Diverging.level(v - center, scale: half) }
    }

    static func n(_ v: Float) -> String { NumberFormat.readable(Double(v), significant: 3) }
}
