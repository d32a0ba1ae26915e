import Testing
@testable import DLTerminal

@Suite struct HeatmapTests {
    // 2 columns × 4 rows: on a 2×2 area each data row is one half-cell pixel.
    let values: [Float] = [
        0.9, 0.1,
        0.9, 0.9,
        0.6, 0.4,
        0.1, 0.4,
    ]

    @Test func halfBlockMapping() {
        let b = buffer(Heatmap(columns: 2, rows: 4, values: values, glyphs: .unicode), 2, 2)
        #expect(b.lines() == ["█▄", "▀█"])
        #expect(b[0, 0].style == Style(.positive, bold: true))   // 0.9 over 0.9
        #expect(b[1, 0].style == Style(.positive, bold: true))   // 0.1 over 0.9: the positive (lower) half
        #expect(b[0, 1].style == Style(.positive, bold: false))  // 0.6 over 0.1: the positive (upper) half, dim
        #expect(b[1, 1].style == Style(.negative, bold: false))  // 0.4 over 0.4
    }

    @Test func pointsOnTop() {
        let points = [HeatPoint(x: 0.9, y: 0.9, cls: 1), HeatPoint(x: 0.1, y: 0.1, cls: 0), HeatPoint(x: .nan, y: 0, cls: 1)]
        let b = buffer(Heatmap(columns: 2, rows: 4, values: values, points: points, glyphs: .unicode), 2, 2)
        #expect(b.lines() == ["█•", "∘█"])
        #expect(b[1, 0].style == Style(.positive, bold: true))
        #expect(b[0, 1].style == Style(.negative, bold: true))
        let a = buffer(Heatmap(columns: 2, rows: 4, values: values, points: points, glyphs: .ascii), 2, 2)
        #expect(a.lines() == ["#o", "x."])
    }

    @Test func asciiOnePixelPerCell() {
        let b = buffer(Heatmap(columns: 2, rows: 4, values: values, glyphs: .ascii), 2, 2)
        #expect(b.lines() == ["#.", "#."])
        #expect(b[0, 0].style == Style(.positive, bold: true))
        #expect(b[1, 0].style == Style(.negative, bold: true))
        #expect(b[0, 1].style == Style(.positive, bold: false))
        #expect(b[1, 1].style == Style(.negative, bold: false))
    }

    @Test func stretchesAndToleratesMissingValues() {
        // One value stretched over the whole area; a short values array leaves blanks.
        #expect(draw(Heatmap(columns: 1, rows: 1, values: [0.2], glyphs: .unicode), 3, 2) == ["███", "███"])
        #expect(draw(Heatmap(columns: 2, rows: 2, values: [0.9, 0.9, 0.9], glyphs: .unicode), 2, 1) == ["█▀"])
        #expect(draw(Heatmap(columns: 0, rows: 0, values: [], points: [HeatPoint(x: 1, y: 1, cls: 1)], glyphs: .unicode), 2, 2) == [" •", "  "])
    }
}
