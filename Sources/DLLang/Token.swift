public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case eof
}

public enum Keyword: String, Sendable, CaseIterable {
    case `if`, `else`, `for`, `in`, `while`, `fn`, `return`, `break`, `continue`
    case `true`, `false`, `none`, `and`, `or`, `not`
}

public enum Symbol: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", at = "@", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."

    /// A line ending with one of these continues on the next line.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .at, .power, .equal, .notEqual, .less,
             .lessEqual, .greater, .greaterEqual, .assign, .plusAssign, .minusAssign,
             .starAssign, .slashAssign, .comma:
            true
        default:
            false
        }
    }
}

public struct Token: Sendable, Equatable {
    public let kind: TokenKind
    public let location: SourceLocation
    public init(_ kind: TokenKind, _ location: SourceLocation) { self.kind = kind; self.location = location }
}
