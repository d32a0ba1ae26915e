/// Styled text lines, wrapped to the width, showing the last lines (a
/// notebook log) or, with `scrollFromBottom`, that many visual lines higher.
/// When everything fits it is top-aligned.
public struct Paragraph: Widget, Sendable {
    public var lines: [StyledLine]
    public var scrollFromBottom: Int
    /// Word-wrap (falling back to a hard break inside words longer than the
    /// width); false cuts long lines at the width instead.
    public var wrap: Bool

    public init(lines: [StyledLine], scrollFromBottom: Int = 0, wrap: Bool = true) {
        self.lines = lines
        self.scrollFromBottom = scrollFromBottom
        self.wrap = wrap
    }

    /// How many rows all lines take at `width`: the scroll range is
    /// `0...max(0, lineCount(width:) - height)`.
    public func lineCount(width: Int) -> Int {
        lines.reduce(0) { $0 + Paragraph.wrap($1.cells, width: width, words: wrap).count }
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let height = area.height
        let scroll = Swift.max(0, scrollFromBottom)
        // Visual lines from the bottom up, wrapping only as many logical lines as needed.
        var fromBottom: [ArraySlice<Cell>] = []
        var i = lines.count - 1
        while i >= 0, fromBottom.count < height + scroll {
            fromBottom.append(contentsOf: Paragraph.wrap(lines[i].cells, width: area.width, words: wrap).reversed())
            i -= 1
        }
        let first: Int  // index in fromBottom of the bottom row shown
        if i < 0 && fromBottom.count <= height {
            first = 0
        } else {
            first = i < 0 ? Swift.min(scroll, fromBottom.count - height) : scroll
        }
        let shown = Swift.min(height, fromBottom.count - first)
        // Top-aligned: row 0 gets the highest visual line shown.
        for row in 0..<shown {
            let line = fromBottom[first + shown - 1 - row]
            var x = area.x
            for cell in line { buffer[x, area.y + row] = cell; x += 1 }
        }
    }

    /// Splits one line's cells into rows of at most `width` cells: at the
    /// last space that fits (spaces at the break are dropped), or inside a
    /// word when it has none; `words: false` keeps only the first row, cut.
    static func wrap(_ cells: [Cell], width: Int, words: Bool) -> [ArraySlice<Cell>] {
        let n = cells.count
        guard width > 0 else { return [cells[0..<0]] }
        if !words || n <= width { return [cells[0..<Swift.min(n, width)]] }
        var out: [ArraySlice<Cell>] = []
        var start = 0
        while n - start > width {
            var cut = start + width   // cells[cut] is the first that does not fit
            while cut > start, cells[cut].character != " " { cut -= 1 }
            if cut > start {
                var end = cut
                while end > start, cells[end - 1].character == " " { end -= 1 }
                out.append(cells[start..<end])
                start = cut + 1
            } else {
                out.append(cells[start..<(start + width)])
                start += width
            }
            while start < n, cells[start].character == " " { start += 1 }
        }
        if start < n || out.isEmpty { out.append(cells[start..<n]) }
        return out
    }
}
