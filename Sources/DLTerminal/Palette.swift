/// How many colours the backend uses: none (NO_COLOR, monochrome terminals),
/// the 8 ANSI colours, or the 256-colour palette.
public enum ColorSupport: Sendable, Equatable {
    case none, ansi8, ansi256

    /// From the terminal's `COLORS` (terminfo `colors`) and NO_COLOR.
    public init(terminalColors: Int, noColor: Bool) {
        if noColor || terminalColors < 8 {
            self = .none
        } else if terminalColors >= 256 {
            self = .ansi256
        } else {
            self = .ansi8  // 8 and 16 colours: only the first 8 are portable
        }
    }
}

/// What a role looks like on a given terminal. `foreground` is a palette
/// index (0-7 or 0-255), nil for the terminal's default colour.
public struct Appearance: Equatable, Sendable {
    public var foreground: Int?
    public var bold = false
    public var dim = false
    public var reverse = false

    public init(foreground: Int? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
    }
}

/// The one place that maps roles to colours. Backgrounds always stay the
/// terminal's own, so light and dark themes both work.
public enum Palette {
    // ANSI indices.
    static let red = 1, green = 2, yellow = 3, blue = 4, magenta = 5, cyan = 6, brightBlack = 8

    public static func appearance(of role: Role, colors: ColorSupport) -> Appearance {
        switch colors {
        case .none:
            // Without colours only attributes can tell roles apart.
            switch role {
            case .normal, .accent, .border, .train, .validation, .positive, .negative: return Appearance()
            case .dim, .stale: return Appearance(dim: true)
            case .title, .error, .highlight: return Appearance(bold: true)
            case .status: return Appearance(reverse: true)
            }
        case .ansi8:
            switch role {
            case .normal: return Appearance()
            case .dim: return Appearance(dim: true)
            case .accent: return Appearance(foreground: cyan)
            case .border: return Appearance(foreground: blue)
            case .title: return Appearance(bold: true)
            case .train: return Appearance(foreground: blue, bold: true)
            case .validation: return Appearance(foreground: magenta, bold: true)
            case .positive: return Appearance(foreground: green)
            case .negative: return Appearance(foreground: blue)
            case .error: return Appearance(foreground: red, bold: true)
            case .status: return Appearance(reverse: true)
            case .highlight: return Appearance(foreground: yellow, bold: true)
            case .stale: return Appearance(dim: true)
            }
        case .ansi256:
            switch role {
            case .normal: return Appearance()
            case .dim: return Appearance(foreground: brightBlack)
            case .accent: return Appearance(foreground: cyan)
            case .border: return Appearance(foreground: 67)       // steel blue
            case .title: return Appearance(bold: true)
            case .train: return Appearance(foreground: 39)        // sky blue / cyan
            case .validation: return Appearance(foreground: 214)  // orange-yellow
            case .positive: return Appearance(foreground: 208)    // orange (blue/orange: colour-blind safe)
            case .negative: return Appearance(foreground: 33)     // blue
            case .error: return Appearance(foreground: 196, bold: true)
            case .status: return Appearance(reverse: true)
            case .highlight: return Appearance(foreground: 220, bold: true)
            case .stale: return Appearance(foreground: 242)
            }
        }
    }

    /// A role's appearance combined with a style's own bold/reverse.
    public static func appearance(of style: Style, colors: ColorSupport) -> Appearance {
        var look = appearance(of: style.role, colors: colors)
        look.bold = look.bold || style.bold
        look.reverse = look.reverse != style.reverse  // reverse on a status bar un-reverses
        return look
    }

    /// Box characters and other non-ASCII text for terminals whose locale is
    /// not UTF-8 (LANG=C): a close ASCII stand-in, else `?`.
    public static func ascii(_ character: Character) -> Character {
        if character.isASCII { return character }
        guard let scalar = character.unicodeScalars.first else { return "?" }
        switch scalar.value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A:
            return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B:
            return "|"
        case 0x250C...0x254B, 0x2552...0x256C, 0x256D...0x2570: return "+"
        case 0x2571: return "/"
        case 0x2572: return "\\"
        case 0x2026: return "."            // …
        case 0x2022, 0x00B7, 0x2219: return "*"  // bullets
        case 0x2190: return "<"
        case 0x2192: return ">"
        case 0x2191, 0x25B2: return "^"    // ↑ ▲
        case 0x2193, 0x25BC: return "v"    // ↓ ▼
        case 0x2013, 0x2014: return "-"    // – —
        case 0x2588, 0x2589...0x258F, 0x2590, 0x2593: return "#"
        case 0x2591, 0x2592: return ":"
        case 0x2581...0x2587: return "_"
        case 0x2800...0x28FF: return scalar.value == 0x2800 ? " " : "."  // braille dots
        case 0x00D7: return "x"
        case 0x2212: return "-"
        default: return "?"
        }
    }
}
