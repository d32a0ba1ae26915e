import DLNN
import DLTerminal
import TextFormat

/// The panels that look inside a fit: what each unit computes over the
/// input plane, and each layer's updates and histograms over time.
extension View {
    /// Shades from nothing to full, for a magnitude in 0...1.
    static func shades(_ glyphs: Glyphs) -> [Character] {
        glyphs.unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "+", "#"]
    }

    /// Each layer's maps side by side, as small as needed for all to fit:
    /// a unit's value over the plane, orange where positive and blue where
    /// negative (the shade is the size, so it reads without colour too);
    /// DEAD and SAT units are marked under their map (or counted in the
    /// layer's title when the marks do not fit).
    static func neurons(_ maps: NeuronMaps, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs, more: Bool = false) {
        let box = Box(title: title("neurons · each unit over the inputs", more: more), glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        guard inner.width >= 8, inner.height >= 3 else { return }
        // The largest maps at which every layer fits, with a line under each
        // row of maps for the units' numbers and marks if there is room.
        let sizes = [(16, 8), (12, 6), (8, 4), (6, 3), (4, 2)].flatMap { [($0.0, $0.1, true), ($0.0, $0.1, false)] }
        func height(_ w: Int, _ h: Int, _ marks: Bool) -> Int {
            let perRow = max(1, (inner.width + 1) / (w + 1))
            return maps.layers.reduce(0) { $0 + 1 + (($1.maps.count + perRow - 1) / perRow) * (h + (marks ? 1 : 0)) }
        }
        let (w, h, marks) = sizes.first { height($0.0, $0.1, $0.2) <= inner.height } ?? sizes.last!
        let perRow = max(1, (inner.width + 1) / (w + 1))
        let shades = shades(glyphs)
        var y = inner.y
        for layer in maps.layers {
            guard y < inner.maxY else { break }
            var label = (layer.isOutput ? "output " : "") + "layers[\(layer.index)] \(layer.label)"
            let dead = layer.maps.filter { $0.state == .dead }.count, saturated = layer.maps.filter { $0.state == .saturated }.count
            if dead > 0 { label += " · \(dead) dead" }
            if saturated > 0 { label += " · \(saturated) saturated" }
            b.put(label, x: inner.x, y: y, style: Style(.title), maxWidth: inner.width)
            y += 1
            let scale = max(abs(layer.lo), abs(layer.hi), 1e-12)
            let rowHeight = h + (marks ? 1 : 0)
            for (k, map) in layer.maps.enumerated() {
                let row = k / perRow, column = k % perRow
                let top = y + row * rowHeight, left = inner.x + column * (w + 1)
                guard top + h <= inner.maxY else { continue }
                for r in 0..<h {
                    for c in 0..<w {
                        let v = sample(map.values, maps.columns, maps.rows, c, r, w, h)
                        let level = min(1, abs(v) / scale)
                        let ch = shades[min(shades.count - 1, Int((level * Float(shades.count - 1)).rounded()))]
                        b.put(String(ch), x: left + c, y: top + r, style: Style(v >= 0 ? .positive : .negative))
                    }
                }
                guard marks else { continue }
                let mark = map.state == .dead ? "DEAD" : map.state == .saturated ? "SAT" : "\(map.unit)"
                b.put(mark, x: left, y: top + h, style: Style(map.state == .alive ? .dim : .error), maxWidth: w)
            }
            y += ((layer.maps.count + perRow - 1) / perRow) * rowHeight
        }
    }

    /// The mean of the grid cells under one of `w`×`h` display cells: a
    /// smaller map averages, it does not skip.
    static func sample(_ values: [Float], _ columns: Int, _ rows: Int, _ c: Int, _ r: Int, _ w: Int, _ h: Int) -> Float {
        let c0 = c * columns / w, c1 = max(c0 + 1, (c + 1) * columns / w)
        let r0 = r * rows / h, r1 = max(r0 + 1, (r + 1) * rows / h)
        var sum: Float = 0
        for rr in r0..<min(r1, rows) { for cc in c0..<min(c1, columns) { sum += values[rr * columns + cc] } }
        return sum / Float(max(1, (min(r1, rows) - r0) * (min(c1, columns) - c0)))
    }

    /// log10 of each layer's upd/W over the recorded steps, with the −3
    /// guide (Karpathy's rule of thumb: about a thousandth of the weights
    /// per step), then each layer's latest histograms of its output and of
    /// the gradient flowing back into it.
    static func layers(_ traces: [LayerTrace], _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs, more: Bool = false) {
        let box = Box(title: title("layers · log10 upd/W (guide -3), histograms", more: more), glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        guard inner.width >= 12, inner.height >= 3 else { return }
        let histograms = traces.filter { $0.activations != nil }
        let chartHeight = max(3, inner.height - histograms.count - 1)
        let weighted = traces.filter { !$0.updateRatio.isEmpty }
        let count = weighted.reduce(0) { max($0, $1.updateRatio.count) }
        var series = weighted.enumerated().map { i, t in
            ChartSeries(name: shortName(t.name), values: t.updateRatio,
                        style: Style(trackedStyles[i % trackedStyles.count]), dashed: i >= trackedStyles.count)
        }
        if count > 0 { series.append(ChartSeries(name: "-3", values: Array(repeating: -3, count: count), style: Style(.dim), dashed: true)) }
        LineChart(series: series, xLabel: "recorded step", glyphs: glyphs)
            .render(Rect(x: inner.x, y: inner.y, width: inner.width, height: min(chartHeight, inner.height)), &b)
        var y = inner.y + chartHeight
        guard y < inner.maxY else { return }
        let nameWidth = min(16, histograms.reduce(4) { max($0, shortName($1.name).count) })
        let room = inner.width - nameWidth - 1
        let bins = TrainingRecord.bins
        let both = room >= 2 * bins + 1
        b.put("".padded(to: nameWidth) + " " + (both ? "output".padded(to: bins + 1) + "gradient" : "output, −max..max"),
              x: inner.x, y: y, style: Style(.dim), maxWidth: inner.width)
        y += 1
        for t in histograms where y < inner.maxY {
            var x = b.put(shortName(t.name).padded(to: nameWidth) + " ", x: inner.x, y: y, style: .normal, maxWidth: nameWidth + 1)
            if let h = t.activations { x = b.put(bars(h, glyphs), x: x, y: y, style: Style(.train), maxWidth: min(bins, inner.maxX - x)) + 1 }
            if both, let g = t.gradients { b.put(bars(g, glyphs), x: x, y: y, style: Style(.validation), maxWidth: inner.maxX - x) }
            y += 1
        }
    }

    /// `layers[1] tanh()` → `1 tanh`: the panel is narrow.
    static func shortName(_ name: String) -> String {
        var s = name.hasPrefix("layers[") ? String(name.dropFirst("layers[".count)) : name
        s = String(s.filter { $0 != "]" })
        if s.hasSuffix("()") { s.removeLast(2) }
        return s
    }

    /// One bar per bin, its height the bin's share of the largest bin.
    static func bars(_ h: Histogram, _ glyphs: Glyphs) -> String {
        let levels: [Character] = glyphs.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
        let top = max(1, h.counts.max() ?? 1)
        return String(h.counts.map { n in n == 0 ? levels[0] : levels[max(1, Int((Double(n) / Double(top) * 8).rounded()))] })
    }
}
