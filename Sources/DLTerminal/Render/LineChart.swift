import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One curve: `values[i]` is y at x = i (the epoch).
public struct ChartSeries: Sendable {
    public var name: String
    public var values: [Double]
    public var style: Style
    public var dashed: Bool

    public init(name: String, values: [Double], style: Style, dashed: Bool = false) {
        self.name = name
        self.values = values
        self.style = style
        self.dashed = dashed
    }
}

/// Curves over a shared x = index axis.
///
/// ```
/// 0.70 ┤⠑⢄                ── train  ┄┄ val
///      │  ⠑⠢⡀
/// 0.35 ┤     ⠈⠢⢄⣀
///      │         ⠉⠒⠤⢄⣀⣀
/// 0.00 ┤                ⠉⠉⠒⠒⠤⠤⣀⣀⣀
///      └┬──────────┬──────────┬──
///       0          50        100 epoch
/// ```
/// Unicode: braille dots, 2×4 per cell; dashed series skip every other
/// pair of dots along their path. ASCII: one point per cell, `*` for solid
/// series, `.` for dashed ones, `'` where series share a cell.
///
/// The y range is the finite values' min...max (a constant series gets
/// ±10 %, ±1 at 0, or ±half a decade in log scale); the top row is labelled
/// with the max, the bottom row with the min, the middle row with the value
/// at its centre. NaN and ±Inf (and, in log scale, values ≤ 0) are gaps:
/// no line is drawn through them. Consecutive points are joined by
/// Bresenham lines in dot space; with more points than dot columns each
/// column draws the span min...max of its points.
public struct LineChart: Widget, Sendable {
    public var series: [ChartSeries]
    public var xLabel: String
    public var logScale: Bool
    public var glyphs: Glyphs
    public var axisStyle: Style
    public var labelStyle: Style
    /// A point (its index along x) marked by a vertical line: the epoch a
    /// learner moved back to.
    public var marker: Int?

    public init(series: [ChartSeries], xLabel: String = "", logScale: Bool = false, glyphs: Glyphs,
                axisStyle: Style = Style(.dim), labelStyle: Style = Style(.dim)) {
        self.series = series
        self.xLabel = xLabel
        self.logScale = logScale
        self.glyphs = glyphs
        self.axisStyle = axisStyle
        self.labelStyle = labelStyle
    }

    /// Where things go, worked out once per render.
    private struct Frame {
        var area: Rect
        var plot: Rect
        var axisX: Int, axisRow: Int
        var plotRows: Int, dotRows: Int, dotColumns: Int, dotsPerColumn: Int
        var low: Double, high: Double
        var hasData: Bool
        var count: Int   // points in the longest series
        var tickRows: [Int]
        var labels: [String]

        /// The dot column of point `i`, spreading the points over the width.
        func column(ofIndex i: Int) -> Int {
            count <= 1 ? 0 : (i * (dotColumns - 1) + (count - 1) / 2) / (count - 1)
        }
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width >= 4, area.height >= 3, let frame = layout(area) else { return }
        drawAxes(frame, &buffer)
        drawXTicks(frame, &buffer)
        guard frame.hasData else {
            let message = "no data yet"
            let x = frame.plot.x + Swift.max(0, (frame.plot.width - message.count) / 2)
            buffer.put(message, x: x, y: frame.plot.y + (frame.plotRows - 1) / 2, style: labelStyle, in: frame.plot)
            return
        }
        drawSeries(frame, &buffer)
        if let marker, marker >= 0, marker < frame.count {
            let x = frame.plot.x + Swift.min(frame.column(ofIndex: marker) / frame.dotsPerColumn, frame.plot.width - 1)
            for y in frame.plot.y..<(frame.plot.y + frame.plotRows) where buffer[x, y].character == " " {
                buffer.put(glyphs.unicode ? "│" : "|", x: x, y: y, style: Style(.highlight))
            }
        }
        drawLegend(frame.plot, &buffer)
    }

    /// The y range over the finite (transformed) values of all series, the
    /// y labels, and from their width the plot's rectangle.
    private func layout(_ area: Rect) -> Frame? {
        let braille = glyphs.hasBraille
        let dotsPerColumn = braille ? 2 : 1, dotsPerRow = braille ? 4 : 1
        var low = Double.infinity, high = -Double.infinity
        var count = 0
        for s in series {
            count = Swift.max(count, s.values.count)
            for v in s.values {
                let t = transform(v)
                if t.isFinite { low = Swift.min(low, t); high = Swift.max(high, t) }
            }
        }
        let hasData = low <= high
        if hasData && low == high {
            let pad = logScale ? 0.5 : (low == 0 ? 1 : Swift.abs(low) * 0.1)
            low -= pad
            high += pad
        }
        let plotRows = area.height - 2
        let dotRows = plotRows * dotsPerRow
        let tickRows = [0, (plotRows - 1) / 2, plotRows - 1]
        // Y labels: max, middle row's centre, min.
        var labels: [String] = []
        if hasData {
            let values = tickRows.map { row -> Double in
                if row == 0 { return high }
                if row == plotRows - 1 { return low }
                let dot = Double(row * dotsPerRow) + Double(dotsPerRow - 1) / 2
                return high - dot / Double(Swift.max(1, dotRows - 1)) * (high - low)
            }
            labels = logScale
                ? values.map { NumberFormat.compact(pow(10, $0)) }
                : NumberFormat.ticks(values, step: (high - low) / 2)
        }
        let labelWidth = labels.reduce(0) { Swift.max($0, $1.count) }
        let axisX = area.x + (labelWidth > 0 ? labelWidth + 1 : 0)
        let plot = Rect(x: axisX + 1, y: area.y, width: area.maxX - axisX - 1, height: plotRows)
        guard plot.width >= 1 else { return nil }
        return Frame(area: area, plot: plot, axisX: axisX, axisRow: area.y + plotRows, plotRows: plotRows,
                     dotRows: dotRows, dotColumns: plot.width * dotsPerColumn, dotsPerColumn: dotsPerColumn,
                     low: low, high: high, hasData: hasData, count: count, tickRows: tickRows, labels: labels)
    }

    /// The y axis with its ticks and labels, and the x axis line.
    private func drawAxes(_ f: Frame, _ buffer: inout Buffer) {
        let g = glyphs
        for row in 0..<f.plotRows {
            let tick = f.hasData && f.tickRows.contains(row)
            buffer.set(f.axisX, f.area.y + row, tick ? g.rightTee : g.vertical, axisStyle, in: f.area)
        }
        buffer.set(f.axisX, f.axisRow, g.bottomLeft, axisStyle, in: f.area)
        buffer.put(Glyphs.repeated(g.horizontal, f.plot.width), x: f.plot.x, y: f.axisRow, style: axisStyle, in: f.area)
        guard f.hasData else { return }
        for (label, row) in zip(f.labels, f.tickRows) {
            buffer.put(label, x: f.axisX - 1 - label.count, y: f.area.y + row, style: labelStyle, in: f.area)
        }
    }

    /// Ticks at the first, middle and last point, their indices below, and
    /// the x label at the right; a label that would touch another is left out.
    private func drawXTicks(_ f: Frame, _ buffer: inout Buffer) {
        let area = f.area
        let tickRow = f.axisRow + 1
        var taken: [Range<Int>] = []
        func place(_ text: String, _ start: Int) {
            let range = (start - 1)..<(start + text.count + 1)   // keep a space either side
            guard start >= area.x, start + text.count <= area.maxX,
                  !taken.contains(where: { $0.overlaps(range) }) else { return }
            taken.append(start..<(start + text.count))
            buffer.put(text, x: start, y: tickRow, style: labelStyle, in: area)
        }
        if !xLabel.isEmpty { place(xLabel, area.maxX - xLabel.count) }
        guard f.count > 0 else { return }
        let indices = [0, f.count - 1, (f.count - 1) / 2]
        var seen: [Int] = []
        for (k, index) in indices.enumerated() where !seen.contains(index) {
            seen.append(index)
            let col = f.plot.x + f.column(ofIndex: index) / f.dotsPerColumn
            buffer.set(col, f.axisRow, glyphs.topTee, axisStyle, in: area)
            let text = String(index)
            switch k {
            case 0: place(text, col)                                  // first: starts at its tick
            case 1:                                                   // last: ends at its tick, left of xLabel
                let limit = xLabel.isEmpty ? area.maxX : area.maxX - xLabel.count - 1
                place(text, Swift.min(col + 1, limit) - text.count)
            default: place(text, col - text.count / 2)                // middle: centred
            }
        }
    }

    /// Every series into a dot grid, then into cells.
    private func drawSeries(_ f: Frame, _ buffer: inout Buffer) {
        let braille = glyphs.hasBraille
        var canvas = DotCanvas(columns: f.plot.width, rows: f.plotRows, braille: braille)
        let span = f.high - f.low
        for (index, s) in series.enumerated() {
            let n = s.values.count
            var path = ChartPen(series: index, dashed: s.dashed && braille)
            var previous: (x: Int, y: Int)?   // last dot of the previous column, nil after a gap
            var i = 0
            while i < n {
                let dx = f.column(ofIndex: i)
                var first: Int?, last = 0, top = Int.max, bottom = Int.min
                var gapBefore = false, gapAfter = false
                while i < n, f.column(ofIndex: i) == dx {
                    let t = transform(s.values[i])
                    if t.isFinite {
                        // Finite values near ±Double.greatestFiniteMagnitude can overflow the span.
                        let r = (f.high - t) / span * Double(f.dotRows - 1)
                        let dy = r.isFinite ? Swift.min(f.dotRows - 1, Swift.max(0, Int(r.rounded()))) : 0
                        if first == nil { first = dy }
                        last = dy
                        top = Swift.min(top, dy)
                        bottom = Swift.max(bottom, dy)
                        gapAfter = false
                    } else if first == nil {
                        gapBefore = true
                    } else {
                        gapAfter = true
                    }
                    i += 1
                }
                guard let first else { previous = nil; continue }
                if let p = previous, !gapBefore {
                    path.line(from: p, to: (dx, first), on: &canvas)
                } else {
                    path.dot(dx, first, on: &canvas)
                }
                for dy in top...bottom where dy != first { path.dot(dx, dy, on: &canvas) }
                previous = gapAfter ? nil : (dx, last)
            }
        }
        canvas.draw(into: &buffer, at: f.plot, styles: series.map(\.style), dashed: series.map(\.dashed), glyphs: glyphs)
    }

    /// The series' names, over the plot's top-right corner.
    private func drawLegend(_ plot: Rect, _ buffer: inout Buffer) {
        var legend: [(String, Style)] = []
        for s in series where !s.name.isEmpty {
            if !legend.isEmpty { legend.append(("  ", .normal)) }
            legend.append((Glyphs.repeated(s.dashed ? glyphs.legendDashed : glyphs.legendSolid, 2) + " " + s.name, s.style))
        }
        let legendWidth = legend.reduce(0) { $0 + $1.0.count }
        guard legendWidth > 0, legendWidth + 2 <= plot.width else { return }
        var x = plot.maxX - legendWidth
        buffer.fill(Rect(x: x - 1, y: plot.y, width: legendWidth + 1, height: 1))
        for (text, style) in legend { x = buffer.put(text, x: x, y: plot.y, style: style, in: plot) }
    }

    private func transform(_ v: Double) -> Double {
        logScale ? (v > 0 ? log10(v) : .nan) : v
    }
}

/// A grid of dots: 2×4 per cell with braille, 1×1 otherwise. Each cell
/// remembers which series touched it (for its style, and ASCII overlaps).
struct DotCanvas {
    let columns: Int, rows: Int, braille: Bool
    var bits: [UInt8]
    var owner: [Int16]     // last series drawn in the cell, -1 none
    var shared: [Bool]     // more than one series drew in the cell

    init(columns: Int, rows: Int, braille: Bool) {
        self.columns = columns
        self.rows = rows
        self.braille = braille
        bits = [UInt8](repeating: 0, count: columns * rows)
        owner = [Int16](repeating: -1, count: columns * rows)
        shared = [Bool](repeating: false, count: columns * rows)
    }

    var dotColumns: Int { braille ? columns * 2 : columns }
    var dotRows: Int { braille ? rows * 4 : rows }

    // Braille dot bits by (column, row) in the cell: dots 1-2-3-7 left, 4-5-6-8 right.
    private static let dotBit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return }
        let cell = braille ? (y / 4) * columns + x / 2 : y * columns + x
        bits[cell] |= braille ? DotCanvas.dotBit[x & 1][y & 3] : 1
        let s = Int16(truncatingIfNeeded: series)
        if owner[cell] >= 0 && owner[cell] != s { shared[cell] = true }
        owner[cell] = s
    }

    func draw(into buffer: inout Buffer, at area: Rect, styles: [Style], dashed: [Bool], glyphs: Glyphs) {
        for row in 0..<rows {
            for col in 0..<columns {
                let cell = row * columns + col
                let b = bits[cell]
                guard b != 0 else { continue }
                let o = Int(owner[cell])
                let ch: Character
                if braille {
                    ch = Character(Unicode.Scalar(0x2800 + UInt32(b))!)
                } else if shared[cell] {
                    ch = glyphs.plotOverlap
                } else {
                    ch = o < dashed.count && dashed[o] ? glyphs.plotDashed : glyphs.plotSolid
                }
                buffer.set(area.x + col, area.y + row, ch, o < styles.count ? styles[o] : .normal, in: area)
            }
        }
    }
}

/// One series' pen: its dash pattern runs on along the whole path.
struct ChartPen {
    let series: Int
    let dashed: Bool
    private var step = 0

    init(series: Int, dashed: Bool) {
        self.series = series
        self.dashed = dashed
    }

    /// A dot, unless the dash pattern (2 on, 2 off along the path) skips it.
    mutating func dot(_ x: Int, _ y: Int, on canvas: inout DotCanvas) {
        defer { step += 1 }
        if dashed && step % 4 >= 2 { return }
        canvas.set(x, y, series: series)
    }

    /// Bresenham from `a` (already drawn) to `b` (drawn).
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), on canvas: inout DotCanvas) {
        let dx = Swift.abs(b.x - a.x), dy = -Swift.abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        var x = a.x, y = a.y
        while x != b.x || y != b.y {
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            dot(x, y, on: &canvas)
        }
    }
}
