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
        lines.reduce(0) { $0 + Paragraph.rows($1, width: width, words: wrap).count }
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let height = area.height
        let scroll = Swift.max(0, scrollFromBottom)
        // Visual lines from the bottom up, wrapping only as many logical lines as needed.
        var fromBottom: [ArraySlice<Cell>] = []
        var i = lines.count - 1
        while i >= 0, fromBottom.count < height + scroll {
            fromBottom.append(contentsOf: Paragraph.rows(lines[i], width: area.width, words: wrap).reversed())
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

    /// One line's rows at `width`, each after the first indented by its hang.
    public static func rows(_ line: StyledLine, width: Int, words: Bool = true) -> [ArraySlice<Cell>] {
        let cells = line.cells
        let hang = Swift.min(line.hang ?? cells.prefix { $0.character == " " }.count, width / 2)
        guard words, hang > 0, cells.count > width else { return wrap(cells, width: width, words: words) }
        let first = wrap(cells, width: width, words: true)[0]
        var rest = Array(cells[first.endIndex...])
        while rest.first?.character == " " { rest.removeFirst() }
        let indent = [Cell](repeating: Cell(" ", .normal), count: hang)
        return [first] + wrap(rest, width: width - hang, words: true).map { (indent + $0)[...] }
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
