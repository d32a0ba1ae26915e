/// An in-memory frame of cells. Widgets draw into rectangles of it; the
/// backend writes only what changed since the previous frame (see `FrameDiff`).
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` and to the buffer.
    /// Characters wider than one cell are replaced by `?`: cells are single width.
    /// Returns the column after the last written character.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        var column = x
        for ch in text {
            if column >= limit { break }
            if ch == "\n" { break }
            if column >= 0 { cells[y * width + column] = Cell(Buffer.singleWidth(ch), style) }
            column += 1
        }
        return column
    }

    public mutating func fill(_ rect: Rect, _ cell: Cell = .blank) {
        for yy in max(0, rect.y)..<min(height, rect.maxY) {
            for xx in max(0, rect.x)..<min(width, rect.maxX) { cells[yy * width + xx] = cell }
        }
    }

    /// Sets the style of every cell of `rect`, keeping the characters.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        for yy in max(0, rect.y)..<min(height, rect.maxY) {
            for xx in max(0, rect.x)..<min(width, rect.maxX) { cells[yy * width + xx].style = style }
        }
    }

    /// The frame as text lines (trailing spaces kept), for snapshot tests.
    public func lines() -> [String] {
        (0..<height).map { y in String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }
    }

    /// Double-width (CJK, emoji) and zero-width characters would shift every
    /// cell after them, so only characters known to be one cell wide pass.
    static func singleWidth(_ ch: Character) -> Character {
        guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return "?" }
        let v = scalar.value
        if v < 0x20 || v == 0x7F { return " " }
        if v < 0x1100 { return ch }
        // Box drawing, block elements, braille, arrows, math, general punctuation, Greek, etc.
        if (0x2000...0x2BFF).contains(v) || (0x2800...0x28FF).contains(v) { return ch }
        return "?"
    }
}
