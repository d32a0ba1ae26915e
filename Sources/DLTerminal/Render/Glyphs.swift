/// The characters widgets draw with: Unicode box drawing, blocks and braille,
/// or a plain-ASCII fallback for terminals (or fonts) without them.
public struct Glyphs: Sendable, Equatable {
    public let unicode: Bool

    // Box drawing. Tees are named for the edge they sit on.
    public let horizontal: Character      // ─  -
    public let vertical: Character        // │  |
    public let topLeft: Character         // ┌  +
    public let topRight: Character        // ┐  +
    public let bottomLeft: Character      // └  +
    public let bottomRight: Character     // ┘  +
    public let leftTee: Character         // ├  +
    public let rightTee: Character        // ┤  +
    public let topTee: Character          // ┬  +
    public let bottomTee: Character       // ┴  +
    public let cross: Character           // ┼  +

    // Progress bar: `━━━━╸━━━` / `====>---`.
    public let barFilled: Character       // ━  =
    public let barHalf: Character         // ╸  >   (the head of a partly filled bar)
    public let barEmpty: Character        // ━  -   (drawn dim)

    /// Braille patterns U+2800...U+28FF (2×4 dots per cell) for charts.
    public let hasBraille: Bool
    /// ASCII chart markers, one point per cell, used when `hasBraille` is false.
    public let plotSolid: Character       // *
    public let plotDashed: Character      // .
    public let plotOverlap: Character     // '   (a cell where series cross)
    /// Legend samples: `── train  ┄┄ val` / `-- train  .. val`.
    public let legendSolid: Character     // ─  -
    public let legendDashed: Character    // ┄  .

    /// Half and full blocks for two-pixels-per-cell images.
    public let hasHalfBlocks: Bool
    public let upperHalf: Character       // ▀  "
    public let lowerHalf: Character       // ▄  ,
    public let fullBlock: Character       // █  #

    /// Heatmap regions without half blocks (one pixel per cell) and points.
    public let regionPositive: Character  // █  #
    public let regionNegative: Character  // █  .
    public let pointPositive: Character   // •  o
    public let pointNegative: Character   // ∘  x

    /// Ends a cut text: `…` / `~`.
    public let ellipsis: Character

    public static let unicode = Glyphs(
        unicode: true,
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        leftTee: "├", rightTee: "┤", topTee: "┬", bottomTee: "┴", cross: "┼",
        barFilled: "━", barHalf: "╸", barEmpty: "━",
        hasBraille: true, plotSolid: "*", plotDashed: ".", plotOverlap: "'",
        legendSolid: "─", legendDashed: "┄",
        hasHalfBlocks: true, upperHalf: "▀", lowerHalf: "▄", fullBlock: "█",
        regionPositive: "█", regionNegative: "█", pointPositive: "•", pointNegative: "∘",
        ellipsis: "…")

    public static let ascii = Glyphs(
        unicode: false,
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        leftTee: "+", rightTee: "+", topTee: "+", bottomTee: "+", cross: "+",
        barFilled: "=", barHalf: ">", barEmpty: "-",
        hasBraille: false, plotSolid: "*", plotDashed: ".", plotOverlap: "'",
        legendSolid: "-", legendDashed: ".",
        hasHalfBlocks: false, upperHalf: "\"", lowerHalf: ",", fullBlock: "#",
        regionPositive: "#", regionNegative: ".", pointPositive: "o", pointNegative: "x",
        ellipsis: "~")

    /// `count` copies of `ch`, for edges and bars.
    static func repeated(_ ch: Character, _ count: Int) -> String {
        String(repeating: String(ch), count: max(0, count))
    }
}
