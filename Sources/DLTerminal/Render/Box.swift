/// A border with a title in its top edge: `┌ title ────┐`.
public struct Box: Widget, Sendable {
    public var title: String
    public var style: Style
    public var titleStyle: Style
    public var glyphs: Glyphs

    public init(title: String, style: Style = Style(.border), titleStyle: Style = Style(.title), glyphs: Glyphs) {
        self.title = title
        self.style = style
        self.titleStyle = titleStyle
        self.glyphs = glyphs
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect { area.inset(1) }

    /// Draws the border only; the inside is left as it is.
    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let g = glyphs
        let middle = Glyphs.repeated(g.horizontal, area.width - 2)
        buffer.put(String(g.topLeft) + middle + String(g.topRight), x: area.x, y: area.y, style: style, in: area)
        buffer.put(String(g.bottomLeft) + middle + String(g.bottomRight), x: area.x, y: area.maxY - 1, style: style, in: area)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.set(area.x, y, g.vertical, style, in: area)
            buffer.set(area.maxX - 1, y, g.vertical, style, in: area)
        }
        // "┌ title ─┐": a space each side of the title, at least one edge piece after it.
        let room = area.width - 5
        if !title.isEmpty, room > 0 {
            let text = " " + TextFit.truncate(title, room, ellipsis: g.ellipsis) + " "
            buffer.put(text, x: area.x + 1, y: area.y, style: titleStyle, in: area)
        }
    }
}
