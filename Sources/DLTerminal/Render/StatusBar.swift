/// One line of items joined by ` · ` (` | ` in ASCII), cut to the width.
public struct StatusBar: Widget, Sendable {
    public var items: [String]
    public var style: Style
    public var glyphs: Glyphs

    public init(items: [String], style: Style = Style(.status), glyphs: Glyphs = .unicode) {
        self.items = items
        self.style = style
        self.glyphs = glyphs
    }

    /// Fills the first row of `area` with `style` (a bar, not just text).
    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let line = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        buffer.fill(line, Cell(" ", style))
        let text = items.joined(separator: glyphs.unicode ? " · " : " | ")
        buffer.put(TextFit.truncate(text, area.width, ellipsis: glyphs.ellipsis), x: area.x, y: area.y, style: style, in: line)
    }
}
