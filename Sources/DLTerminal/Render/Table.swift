/// Columns of text sized to their contents, two spaces apart.
///
/// Too wide for the area: the widest left-aligned (text) column shrinks,
/// one cell at a time, down to 3 cells; then any column, down to 1; cut
/// cells end in `…` (`~` in ASCII). Too many rows: the rows that fit are
/// shown and the last visible row is replaced by `…` in the first column.
public struct Table: Widget, Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]
    public var headerStyle: Style
    public var style: Style
    public var glyphs: Glyphs

    public static let columnGap = 2

    /// `header` may be empty (no header row); missing alignments are `.left`.
    public init(header: [String], rows: [[String]], alignments: [Alignment] = [],
                headerStyle: Style = Style(.title), style: Style = .normal, glyphs: Glyphs = .unicode) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.headerStyle = headerStyle
        self.style = style
        self.glyphs = glyphs
    }

    var columnCount: Int { rows.reduce(header.count) { Swift.max($0, $1.count) } }

    func alignment(_ column: Int) -> Alignment { column < alignments.count ? alignments[column] : .left }

    /// Column widths for an area `width` cells wide.
    public func columnWidths(for width: Int) -> [Int] {
        let n = columnCount
        var widths = [Int](repeating: 0, count: n)
        for (c, text) in header.enumerated() { widths[c] = Swift.max(widths[c], text.count) }
        for row in rows { for (c, text) in row.enumerated() { widths[c] = Swift.max(widths[c], text.count) } }
        guard n > 0 else { return widths }
        var excess = widths.reduce(Table.columnGap * (n - 1), +) - width
        for (onlyText, floor) in [(true, 3), (false, 1)] {
            while excess > 0 {
                var widest = -1
                for c in 0..<n where widths[c] > floor && (!onlyText || alignment(c) == .left) {
                    if widest < 0 || widths[c] > widths[widest] { widest = c }
                }
                if widest < 0 { break }
                widths[widest] -= 1
                excess -= 1
            }
        }
        return widths
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let widths = columnWidths(for: area.width)
        var y = area.y
        if !header.isEmpty {
            drawRow(header, widths, y, headerStyle, area, &buffer)
            y += 1
        }
        let room = area.maxY - y
        guard room > 0 else { return }
        let cut = rows.count > room
        for row in rows.prefix(cut ? room - 1 : room) {
            drawRow(row, widths, y, style, area, &buffer)
            y += 1
        }
        if cut, let first = widths.first {
            drawRow([String(glyphs.ellipsis)], [first], y, style, area, &buffer)
        }
    }

    private func drawRow(_ texts: [String], _ widths: [Int], _ y: Int, _ style: Style, _ area: Rect, _ buffer: inout Buffer) {
        var x = area.x
        for (c, width) in widths.enumerated() {
            if x >= area.maxX { break }
            if c < texts.count, width > 0 {
                let text = TextFit.pad(TextFit.truncate(texts[c], width, ellipsis: glyphs.ellipsis), width, alignment(c))
                buffer.put(text, x: x, y: y, style: style, in: area)
            }
            x += width + Table.columnGap
        }
    }
}
