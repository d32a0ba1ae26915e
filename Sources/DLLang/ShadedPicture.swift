#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A picture as data: lines of cells, each the character drawn without
/// colour (a shade) and, for a signed value, its level on the diverging
/// palette. The plain text path turns levels into ANSI escapes when the
/// output is a colour terminal; the screen can style the same cells itself.
public struct ShadedPicture: Sendable {
    public struct Cell: Sendable, Equatable {
        public var character: Character
        /// -levels...levels on `Diverging`'s palette (0: white); nil: plain text.
        public var level: Int?
        public init(_ character: Character, level: Int? = nil) { self.character = character; self.level = level }
    }

    public var lines: [[Cell]] = []

    public init(lines: [[Cell]] = []) { self.lines = lines }

    public static func text(_ s: String) -> [Cell] { s.map { Cell($0) } }

    /// Lines of plain text as a picture (scatter plots, graphs, landscapes).
    public init(text lines: [String]) { self.lines = lines.map(Self.text) }

    /// The characters, one line each, ending with a newline: what a front
    /// end without colour writes.
    public var plain: String { text(colors: false).joined(separator: "\n") + "\n" }

    /// Without colour: the characters. With colour: a cell with a level is
    /// a space on that level's background (the same in any locale), every
    /// run of coloured cells ending with a reset.
    public func text(colors: Bool) -> [String] {
        lines.map { line in
            var out = "", open: Int? = nil
            for cell in line {
                if colors, let level = cell.level {
                    let code = Diverging.ansi256[Diverging.index(level)]
                    if open != code { out += "\u{1B}[48;5;\(code)m"; open = code }
                    out.append(" ")
                } else {
                    if open != nil { out += "\u{1B}[0m"; open = nil }
                    out.append(cell.character)
                }
            }
            if open != nil { out += "\u{1B}[0m" }
            return trimmedEnd(out)
        }
    }

    private func trimmedEnd(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// The palette for signed values: blue for negative, white for zero, orange
/// for positive (blue and orange stay apart for the common colour-vision
/// deficiencies, unlike red and green), five steps each way.
public enum Diverging {
    public static let levels = 5
    /// xterm-256 colours from the deepest blue to the deepest orange.
    public static let ansi256 = [25, 32, 74, 117, 153, 231, 223, 215, 208, 202, 166]

    static func index(_ level: Int) -> Int { Swift.max(0, Swift.min(2 * levels, level + levels)) }

    /// The level of `v` on a scale where ±`scale` is the deepest colour.
    public static func level(_ v: Float, scale: Float) -> Int? {
        guard v.isFinite else { return nil }
        guard scale > 0 else { return 0 }
        let l = Int((v / scale * Float(levels)).rounded())
        return Swift.max(-levels, Swift.min(levels, l))
    }

    /// The legend's swatches: one cell per level, deepest blue first.
    public static var swatches: [ShadedPicture.Cell] {
        (-levels...levels).map { ShadedPicture.Cell($0 < 0 ? "-" : $0 > 0 ? "+" : "0", level: $0) }
    }
}

/// Whether text output may carry colour: a terminal (not a pipe or a file)
/// that declares 256 colours, with NO_COLOR unset. Only the standard
/// streams qualify; a notebook screen styles the cells itself.
enum PictureColors {
    /// A terminal that says it has 256 colours (or true colour), unless NO_COLOR is set.
    static let environmentAllows: Bool = {
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        if let noColor = env("NO_COLOR"), !noColor.isEmpty { return false }
        guard let term = env("TERM"), term != "dumb" else { return false }
        let colorTerm = env("COLORTERM") ?? ""
        return term.contains("256") || colorTerm == "truecolor" || colorTerm == "24bit"
    }()
}
