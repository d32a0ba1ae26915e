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

    /// Reads outside the buffer give a blank cell; writes outside are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get { x >= 0 && y >= 0 && x < width && y < height ? cells[y * width + x] : .blank }
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
            if ch == "\n" || ch == "\r\n" { break }
            if column >= 0 { cells[y * width + column] = Cell(Buffer.singleWidth(ch), style) }
            column += 1
        }
        return column
    }

    public mutating func fill(_ rect: Rect, _ cell: Cell = .blank) {
        let (xs, ys) = clip(rect)
        for yy in ys { for xx in xs { cells[yy * width + xx] = cell } }
    }

    /// Sets the style of every cell of `rect`, keeping the characters.
    public mutating func setStyle(_ rect: Rect, _ style: Style) {
        let (xs, ys) = clip(rect)
        for yy in ys { for xx in xs { cells[yy * width + xx].style = style } }
    }

    /// The column and row ranges of `rect` inside the buffer (empty when it
    /// lies outside: a rect below or right of the buffer must not trap).
    func clip(_ rect: Rect) -> (Range<Int>, Range<Int>) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        return (x0..<max(x0, x1), y0..<max(y0, y1))
    }

    /// The frame as text lines (trailing spaces kept), for snapshot tests.
    public func lines() -> [String] {
        (0..<height).map { y in String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }
    }

    /// Double-width (CJK, emoji) and zero-width characters would shift every
    /// cell after them, so only characters known to be one cell wide pass.
    /// Zero-width scalars (combining marks, ZWJ and other format characters)
    /// must not pass either: written next to another cell's character they
    /// would merge with it into one grapheme (FrameDiff joins cells into text).
    static func singleWidth(_ ch: Character) -> Character {
        let scalars = ch.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return "?" }
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? " " : ch }
        if v < 0xA0 { return " " }  // DEL and C1 controls
        let narrow = v < 0x1100                       // Latin, Greek, Cyrillic, Hebrew, ...
            || (0x1E00...0x1FFF).contains(v)          // Latin Extended Additional, Greek Extended
            || (0x2000...0x2BFF).contains(v)          // punctuation, arrows, math, box drawing, blocks, braille
            || (0x1D00...0x1DBF).contains(v)          // phonetic letters: the superscripts of formulas (ᵀ, ᵇ, ᵢ)
            || (0x2C60...0x2C7F).contains(v)          // Latin Extended-C, with the subscript ⱼ
        guard narrow else { return "?" }
        let props = scalar.properties
        switch props.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .control,
             .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
            return "?"
        default:
            // Emoji-presentation symbols in 0x2000...0x2BFF (⌚ ⭐ ✅ …) are two cells wide.
            return props.isEmojiPresentation ? "?" : ch
        }
    }
}
