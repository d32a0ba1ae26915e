/// A one-line bar: `━━━━━╸━━━━` (ASCII `=====>----`).
public struct ProgressBar: Widget, Sendable {
    public var fraction: Double
    public var glyphs: Glyphs
    public var style: Style
    public var emptyStyle: Style

    public init(fraction: Double, glyphs: Glyphs, style: Style = Style(.accent), emptyStyle: Style = Style(.dim)) {
        self.fraction = fraction
        self.glyphs = glyphs
        self.style = style
        self.emptyStyle = emptyStyle
    }

    /// Draws on the first row of `area`, across its width. Unicode bars have
    /// half-cell resolution (`╸` is the left half of a cell); ASCII bars put
    /// `>` at the head of a bar that is neither empty nor full.
    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let f = fraction.isNaN ? 0 : Swift.min(1, Swift.max(0, fraction))
        let w = area.width
        var full: Int, head: Bool
        if glyphs.unicode {
            let halves = Int((f * Double(2 * w)).rounded(.down))
            full = halves / 2
            head = halves % 2 == 1
        } else {
            full = Int((f * Double(w)).rounded(.down))
            head = full < w && f > 0
        }
        let y = area.y
        for i in 0..<w {
            let x = area.x + i
            if i < full {
                buffer.set(x, y, glyphs.barFilled, style, in: area)
            } else if i == full && head {
                buffer.set(x, y, glyphs.barHalf, style, in: area)
            } else {
                buffer.set(x, y, glyphs.barEmpty, emptyStyle, in: area)
            }
        }
    }
}
