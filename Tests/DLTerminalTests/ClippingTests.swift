import Testing
@testable import DLTerminal

/// Every widget, at random sizes and positions (including partly off the
/// buffer and degenerate ones), must not trap and must not write outside
/// its area.
@Suite struct ClippingTests {
    func widgets(_ rng: inout TestRNG, _ glyphs: Glyphs) -> [any Widget] {
        let n = Int.random(in: 0...40, using: &rng)
        let values = (0..<n).map { i -> Double in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: .nan
            case 1: .infinity
            case 2: 0
            default: Double.random(in: -1...1, using: &rng) * 1e3 / Double(i + 1)
            }
        }
        let heat = (0..<12).map { _ in Float.random(in: 0...1, using: &rng) }
        return [
            Box(title: "notebook", glyphs: glyphs),
            Paragraph(lines: [StyledLine("a long line that wraps around"), StyledLine(""), StyledLine("x y")],
                      scrollFromBottom: Int.random(in: 0...5, using: &rng)),
            Table(header: ["#", "layer", "params"], rows: [["0", "dense", "48"], ["1", "tanh", "0"]],
                  alignments: [.right, .left, .right], glyphs: glyphs),
            LineChart(series: [ChartSeries(name: "train", values: values, style: Style(.train)),
                               ChartSeries(name: "val", values: values.reversed(), style: Style(.validation), dashed: true)],
                      xLabel: "epoch", logScale: Bool.random(using: &rng), glyphs: glyphs),
            Heatmap(columns: 4, rows: 3, values: heat,
                    points: [HeatPoint(x: 2, y: -1, cls: 1), HeatPoint(x: 0.5, y: 0.5, cls: 0)], glyphs: glyphs),
            ProgressBar(fraction: Double.random(in: -0.5...1.5, using: &rng), glyphs: glyphs),
            StatusBar(items: ["a", "bb", "ccc"], glyphs: glyphs),
            Overlay(title: "help", lines: ["q quit", "a longer help line"], glyphs: glyphs),
            TooSmall(minWidth: 60, minHeight: 15),
        ]
    }

    @Test func widgetsStayInsideTheirArea() {
        var rng = TestRNG(state: 99)
        for round in 0..<400 {
            let glyphs: Glyphs = round % 2 == 0 ? .unicode : .ascii
            let w = Int.random(in: 1...40, using: &rng), h = Int.random(in: 1...16, using: &rng)
            let area = Rect(x: Int.random(in: -5...w, using: &rng), y: Int.random(in: -3...h, using: &rng),
                            width: Int.random(in: 0...45, using: &rng), height: Int.random(in: 0...18, using: &rng))
            for widget in widgets(&rng, glyphs) {
                var b = Buffer(width: w, height: h)
                b.fill(b.area, Cell("x", Style(.stale)))
                widget.render(area, &b)
                for y in 0..<h {
                    for x in 0..<w where !(x >= area.x && x < area.maxX && y >= area.y && y < area.maxY) {
                        #expect(b[x, y] == Cell("x", Style(.stale)), "\(type(of: widget)) wrote (\(x), \(y)) outside \(area)")
                    }
                }
            }
        }
    }
}
