/// A training point on a heatmap: x and y in 0...1, y = 0 at the bottom
/// (so the values' top row is y = 1).
public struct HeatPoint: Sendable, Equatable {
    public var x: Float
    public var y: Float
    public var cls: Int

    public init(x: Float, y: Float, cls: Int) {
        self.x = x
        self.y = y
        self.cls = cls
    }
}

/// A two-class decision boundary: `values` holds `rows × columns`
/// probabilities of class 1, row-major, top row first, stretched over the
/// area (nearest neighbour); `points` are drawn on top.
///
/// Mapping. Every pixel value v is classified as
///   - class: v > 0.5 → `Role.positive`, else `Role.negative`;
///   - strength: |v − 0.5| > 0.25 → strong (`bold: true`), else dim (`bold: false`);
///   - NaN, or a pixel past the end of `values` → empty.
/// Unicode (half blocks): each cell holds two pixels, top and bottom. A Style
/// has one role, so a cell cannot show two colours; the cell is drawn as
///   - both pixels of one class: `█` in that class, bold if the top pixel is strong;
///   - classes differ (the boundary): the positive half only, `▀` (positive on
///     top) or `▄` (positive below), `Role.positive`, bold if that pixel is
///     strong; the negative half shows the background;
///   - one pixel empty: `▀` / `▄` for the other; both empty: left as it is.
/// ASCII: one pixel per cell, `#` for positive and `.` for negative, with the
/// same roles and boldness.
/// Shades (`shades: true`, for terminals without colours, where every role
/// looks alike): one pixel per cell by probability, `▓` `▒` for class 1
/// (strong, weak), `░` and blank for class 0 (weak, strong).
/// Points: class 1 (any cls > 0) `•` (`o`) in `Style(.positive, bold: true)`,
/// class 0 `∘` (`x`) in `Style(.negative, bold: true)`, in the cell holding
/// (x·width, (1 − y)·height); later points overwrite earlier ones.
public struct Heatmap: Widget, Sendable {
    public var columns: Int
    public var rows: Int
    public var values: [Float]
    public var points: [HeatPoint]
    public var glyphs: Glyphs
    public var shades: Bool

    public init(columns: Int, rows: Int, values: [Float], points: [HeatPoint] = [], glyphs: Glyphs, shades: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.values = values
        self.points = points
        self.glyphs = glyphs
        self.shades = shades
    }

    private struct Pixel {
        let positive: Bool
        let strong: Bool
        var style: Style { Style(positive ? .positive : .negative, bold: strong) }
    }

    private func regionGlyph(_ p: Pixel) -> Character {
        guard shades, glyphs.unicode else { return p.positive ? glyphs.regionPositive : glyphs.regionNegative }
        switch (p.positive, p.strong) {
        case (true, true): return "▓"
        case (true, false): return "▒"
        case (false, false): return "░"
        case (false, true): return " "
        }
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let g = glyphs
        let halves = g.hasHalfBlocks && !shades
        let pixelRows = halves ? area.height * 2 : area.height
        if columns > 0, rows > 0 {
            // Data column of each screen column, computed once.
            let dataColumn = (0..<area.width).map { $0 * columns / area.width }
            func pixel(_ col: Int, _ py: Int) -> Pixel? {
                let index = (py * rows / pixelRows) * columns + dataColumn[col]
                guard index < values.count else { return nil }
                let v = values[index]
                guard !v.isNaN else { return nil }
                return Pixel(positive: v > 0.5, strong: Swift.abs(v - 0.5) > 0.25)
            }
            for row in 0..<area.height {
                let y = area.y + row
                for col in 0..<area.width {
                    let x = area.x + col
                    if !halves {
                        if let p = pixel(col, row) {
                            buffer.set(x, y, regionGlyph(p), p.style, in: area)
                        }
                        continue
                    }
                    switch (pixel(col, 2 * row), pixel(col, 2 * row + 1)) {
                    case (nil, nil):
                        break
                    case (let top?, nil):
                        buffer.set(x, y, g.upperHalf, top.style, in: area)
                    case (nil, let bottom?):
                        buffer.set(x, y, g.lowerHalf, bottom.style, in: area)
                    case (let top?, let bottom?):
                        if top.positive == bottom.positive {
                            buffer.set(x, y, g.fullBlock, top.style, in: area)
                        } else if top.positive {
                            buffer.set(x, y, g.upperHalf, top.style, in: area)
                        } else {
                            buffer.set(x, y, g.lowerHalf, bottom.style, in: area)
                        }
                    }
                }
            }
        }
        for p in points where p.x.isFinite && p.y.isFinite {
            let px = Swift.min(1, Swift.max(0, p.x)), py = Swift.min(1, Swift.max(0, p.y))
            let col = Swift.min(area.width - 1, Int(px * Float(area.width)))
            let row = Swift.min(area.height - 1, Int((1 - py) * Float(area.height)))
            let positive = p.cls > 0
            buffer.set(area.x + col, area.y + row, positive ? g.pointPositive : g.pointNegative,
                       Style(positive ? .positive : .negative, bold: true), in: area)
        }
    }
}
