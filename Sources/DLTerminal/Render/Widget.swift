/// Something that draws itself into a rectangle of a buffer. Widgets never
/// write outside `area` (nor outside the buffer).
public protocol Widget {
    func render(_ area: Rect, _ buffer: inout Buffer)
}

public enum Alignment: Sendable, Equatable {
    case left, right
}

/// One logical line of text made of styled spans.
public struct StyledLine: Sendable {
    public var spans: [(String, Style)]
    /// Where rows after the first start when the line wraps; nil: under the
    /// line's own indent, so wrapped text stays in its column.
    public var hang: Int?

    public init(spans: [(String, Style)], hang: Int? = nil) {
        self.spans = spans
        self.hang = hang
    }

    public init(_ text: String, _ style: Style = .normal, hang: Int? = nil) {
        spans = [(text, style)]
        self.hang = hang
    }

    /// The line's cells: one per character, made single-width as `Buffer.put` does.
    var cells: [Cell] {
        var out: [Cell] = []
        for (text, style) in spans {
            for ch in text { out.append(Cell(Buffer.singleWidth(ch), style)) }
        }
        return out
    }
}

extension Rect {
    /// The part of `self` inside `other` (empty, at `self`'s origin when clamped, if none).
    func clipped(to other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

extension Buffer {
    /// Writes `text` at (x, y) but not past `area`'s right edge nor outside its rows.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, style: Style, in area: Rect) -> Int {
        guard y >= area.y, y < area.maxY, x < area.maxX else { return x }
        if x >= area.x { return put(text, x: x, y: y, style: style, maxWidth: area.maxX - x) }
        // Starts left of the area: drop the characters before it.
        let skip = area.x - x
        var chars = Substring(text)
        chars = chars.dropFirst(skip)
        return put(String(chars), x: area.x, y: y, style: style, maxWidth: area.width)
    }

    /// Writes one cell if it is inside `area`.
    mutating func set(_ x: Int, _ y: Int, _ ch: Character, _ style: Style, in area: Rect) {
        if x >= area.x, x < area.maxX, y >= area.y, y < area.maxY { self[x, y] = Cell(ch, style) }
    }
}

enum TextFit {
    /// `text` cut to `width` characters, ending in `ellipsis` when cut.
    static func truncate(_ text: String, _ width: Int, ellipsis: Character) -> String {
        guard width > 0 else { return "" }
        if text.count <= width { return text }
        return String(text.prefix(width - 1)) + String(ellipsis)
    }

    static func pad(_ text: String, _ width: Int, _ alignment: Alignment) -> String {
        let n = text.count
        guard n < width else { return text }
        let fill = String(repeating: " ", count: width - n)
        return alignment == .left ? text + fill : fill + text
    }
}
