import Testing
@testable import DLTerminal

@Suite struct LineChartTests {
    func chart(_ values: [Double], glyphs: Glyphs = .ascii, log: Bool = false, xLabel: String = "") -> LineChart {
        LineChart(series: [ChartSeries(name: "", values: values, style: Style(.train))], xLabel: xLabel, logScale: log, glyphs: glyphs)
    }

    @Test func asciiAxesTicksAndDescendingLine() {
        #expect(draw(chart([4, 3, 2, 1, 0]), 12, 7) == [
            "4.0 +*      ",
            "    | **    ",
            "2.0 +   *   ",
            "    |    ** ",
            "0.0 +      *",
            "    ++--+--+",
            "     0  2  4",
        ])
    }

    @Test func brailleDescendingCurveTopLeftHighBottomRightLow() {
        let b = buffer(chart([4, 3, 2, 1, 0], glyphs: .unicode), 12, 7)
        let lines = b.lines()
        #expect(lines[0].hasPrefix("4.0 ┤"))
        #expect(lines[2].hasPrefix("2.0 ┤"))
        #expect(lines[4].hasPrefix("0.0 ┤"))
        #expect(lines[5] == "    └┬──┬──┬")
        #expect(lines[6] == "     0  2  4")
        let topLeft = b[5, 0].character.unicodeScalars.first!.value
        let bottomRight = b[11, 4].character.unicodeScalars.first!.value
        #expect(topLeft & 0xFF00 == 0x2800 && topLeft & 0x01 != 0)            // dot 1: top-left of the cell
        #expect(bottomRight & 0xFF00 == 0x2800 && bottomRight & 0x80 != 0)    // dot 8: bottom-right of the cell
        #expect(b[11, 0].character == " ")
        #expect(b[5, 4].character == " ")
        #expect(b[5, 0].style == Style(.train))
        #expect(b[0, 0].style == Style(.dim))
    }

    @Test func legendAndXLabel() {
        let c = LineChart(series: [
            ChartSeries(name: "train", values: [1, 0.5, 0.25], style: Style(.train)),
            ChartSeries(name: "val", values: [1.2, 0.8, 0.6], style: Style(.validation), dashed: true),
        ], xLabel: "epoch", glyphs: .unicode)
        let b = buffer(c, 30, 6)
        let lines = b.lines()
        #expect(lines[0].hasSuffix("── train  ┄┄ val"))
        #expect(lines[5].hasSuffix(" 2 epoch"))
        #expect(lines[5].hasPrefix("      0"))
        let legendStart = 30 - "── train  ┄┄ val".count
        #expect(b[legendStart, 0].style == Style(.train))
        #expect(b[29, 0].style == Style(.validation))
        let ascii = draw(LineChart(series: c.series, xLabel: "epoch", glyphs: .ascii), 30, 6)
        #expect(ascii[0].hasSuffix("-- train  .. val"))
    }

    @Test func nanLeavesAGap() {
        let lines = draw(chart([0, 1, 2, .nan, 4, 5, 6]), 12, 9)
        // Plot columns 5...11, one point each; x = 3 (column 8) is empty in every plot row.
        #expect(lines == [
            "6.0 +      *",
            "    |     * ",
            "    |    *  ",
            "3.0 +       ",
            "    |  *    ",
            "    | *     ",
            "0.0 +*      ",
            "    ++--+--+",
            "     0  3  6",
        ])
        // Inf is a gap too, and a gap at the start or end draws nothing there.
        #expect(draw(chart([.infinity, 1, 2, .nan]), 12, 5).prefix(3) == [
            "2.00 +   *  ",
            "1.50 +   *  ",
            "1.00 +  *   ",
        ])
    }

    @Test func logScale() {
        #expect(draw(chart([1, 10, 100, 1000], log: true), 12, 7) == [
            "1000 +    **",
            "     |   *  ",
            "  32 +   *  ",
            "     | **   ",
            " 1.0 +*     ",
            "     ++-+--+",
            "      0 1  3",
        ])
        // Non-positive values are gaps in log scale.
        #expect(draw(chart([1, 10, 0, 1000], log: true), 12, 7).prefix(5) == [
            "1000 +     *",
            "     |      ",
            "  32 +      ",
            "     | **   ",
            " 1.0 +*     ",
        ])
    }

    @Test func singlePoint() {
        let lines = draw(chart([0.5]), 14, 7)
        #expect(lines[0].hasPrefix("0.550 +"))
        #expect(lines[2] == "0.500 +*      ")
        #expect(lines[4].hasPrefix("0.450 +"))
        #expect(lines.filter { $0.contains("*") }.count == 1)
    }

    @Test func constantSeriesIsAFlatMiddleLine() {
        let lines = draw(chart([2, 2, 2, 2, 2]), 12, 7)
        #expect(lines[2] == "2.00 +******")
        #expect(lines[0].hasPrefix("2.20 +"))
        #expect(lines[4].hasPrefix("1.80 +"))
        #expect(lines.filter { $0.contains("*") }.count == 1)
        let zero = draw(chart([0, 0]), 12, 7)
        #expect(zero[2] == " 0.0 +******")
    }

    @Test func emptySeriesSaysNoDataYet() {
        let lines = draw(LineChart(series: [ChartSeries(name: "train", values: [], style: Style(.train))], glyphs: .unicode), 16, 5)
        #expect(lines == [
            "│               ",
            "│  no data yet  ",
            "│               ",
            "└───────────────",
            "                ",
        ])
        #expect(draw(LineChart(series: [], glyphs: .ascii), 16, 5)[1] == "|  no data yet  ")
        #expect(draw(chart([.nan, .nan]), 16, 5)[1] == "|  no data yet  ")
    }

    @Test func extremeFiniteValuesDoNotTrap() {
        let lines = draw(chart([.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1]), 16, 6)
        #expect(lines.count == 6)
        _ = draw(chart([.leastNonzeroMagnitude, 1e300], log: true), 16, 6)
    }

    @Test func downsamplesToMinMaxPerColumn() {
        // 100 points alternating 0 / 1 in 7 columns: every column spans the full height.
        let values = (0..<100).map { Double($0 % 2) }
        let lines = draw(chart(values), 12, 5)
        #expect(lines[0] == "1.00 +******")
        #expect(lines[1] == "0.50 +******")
        #expect(lines[2] == "0.00 +******")
    }
}
