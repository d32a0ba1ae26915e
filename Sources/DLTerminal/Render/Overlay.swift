/// A centred box over whatever is below (its area is cleared), e.g. help.
public struct Overlay: Widget, Sendable {
    public var title: String
    public var lines: [StyledLine]
    public var glyphs: Glyphs
    public var style: Style

    public init(title: String, lines: [StyledLine], glyphs: Glyphs, style: Style = Style(.border)) {
        self.title = title
        self.lines = lines
        self.glyphs = glyphs
        self.style = style
    }

    public init(title: String, lines: [String], glyphs: Glyphs, style: Style = Style(.border)) {
        self.init(title: title, lines: lines.map { StyledLine($0) }, glyphs: glyphs, style: style)
    }

    /// Where the box goes in `area`: sized to the lines plus a border and one
    /// column of padding each side, capped by `area`, centred.
    public func frame(in area: Rect) -> Rect {
        let widest = lines.reduce(title.count + 2) { Swift.max($0, $1.cells.count) }
        let w = Swift.min(area.width, widest + 4)
        let h = Swift.min(area.height, lines.count + 2)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        let box = frame(in: area)
        guard box.width >= 2, box.height >= 2 else { return }
        buffer.fill(box)
        let border = Box(title: title, style: style, glyphs: glyphs)
        border.render(box, &buffer)
        let inside = border.inner(box)
        let content = Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: inside.height)
        for (row, line) in lines.prefix(content.height).enumerated() {
            var cells = line.cells
            if cells.count > content.width, content.width > 0 {
                cells.removeLast(cells.count - content.width + 1)
                cells.append(Cell(glyphs.ellipsis, cells.last?.style ?? .normal))
            }
            for (i, cell) in cells.prefix(content.width).enumerated() {
                buffer.set(content.x + i, content.y + row, cell.character, cell.style, in: content)
            }
        }
    }
}
