/// Source text → tokens. Newlines become statement separators except inside
/// `( )` or `[ ]`, or after a binary operator or a comma (the contract's rule).
public struct Lexer {
    private let chars: [Character]
    private var i = 0
    private var line: Int
    private var column = 1
    private var brackets: [Symbol] = []
    public private(set) var tokens: [Token] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(_ source: SourceText) {
        chars = Array(source.text)
        line = source.firstLine
    }

    public static func tokenize(_ source: SourceText) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// Brackets left open at the end, innermost last; the REPL keeps reading while any are.
    public var openBrackets: [Symbol] { brackets }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func advance() -> Character {
        let c = chars[i]
        i += 1
        if c == "\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    private func peek(_ offset: Int = 0) -> Character? {
        i + offset < chars.count ? chars[i + offset] : nil
    }

    public mutating func run() {
        while i < chars.count {
            let start = here
            let c = chars[i]
            switch c {
            case " ", "\t", "\r":
                _ = advance()
            case "#":
                while let p = peek(), p != "\n" { _ = advance() }
            case "\n":
                _ = advance()
                newline(at: start)
            case "0"..."9", ".":
                if c == ".", !(peek(1)?.isASCIIDigit ?? false) {
                    _ = advance(); add(.symbol(.dot), start)
                } else {
                    number(start)
                }
            case "\"":
                string(start)
            case _ where c.isIdentifierStart:
                var name = ""
                while let p = peek(), p.isIdentifierPart { name.append(advance()) }
                if let k = Keyword(rawValue: name) { add(.keyword(k), start) } else { add(.identifier(name), start) }
            default:
                symbol(start)
            }
        }
        newline(at: here)
        tokens.append(Token(.eof, here))
    }

    private mutating func add(_ kind: TokenKind, _ at: SourceLocation) { tokens.append(Token(kind, at)) }

    private mutating func newline(at location: SourceLocation) {
        if let open = brackets.last, open == .lparen || open == .lbracket { return }
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline: return
        case .symbol(let s) where s.continuesLine || s == .lbrace || s == .semicolon: return
        default: add(.newline, location)
        }
    }

    private mutating func number(_ start: SourceLocation) {
        var text = ""
        while let p = peek(), p.isASCIIDigit { text.append(advance()) }
        if peek() == ".", peek(1)?.isASCIIDigit ?? true {
            text.append(advance())
            while let p = peek(), p.isASCIIDigit { text.append(advance()) }
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let digitAt = (sign == "+" || sign == "-") ? 2 : 1
            if peek(digitAt)?.isASCIIDigit ?? false {
                for _ in 0..<digitAt { text.append(advance()) }
                while let p = peek(), p.isASCIIDigit { text.append(advance()) }
            }
        }
        if let value = Double(text) {
            add(.number(value), start)
        } else {
            diagnostics.append(Diagnostic("malformed number '\(text)'", at: start))
        }
        if let p = peek(), p.isIdentifierStart {
            diagnostics.append(Diagnostic("a number cannot be followed directly by '\(p)'", at: here,
                                          help: "put an operator between them, e.g. 2 * x"))
            while let p = peek(), p.isIdentifierPart { _ = advance() }
        }
    }

    private mutating func string(_ start: SourceLocation) {
        _ = advance()
        var value = ""
        while true {
            guard let c = peek(), c != "\n" else {
                diagnostics.append(Diagnostic("unterminated string", at: start, help: "close it with \" on the same line"))
                add(.string(value), start)
                return
            }
            _ = advance()
            if c == "\"" { break }
            if value.utf8.count >= ListBox.maxStringBytes {
                diagnostics.append(Diagnostic("this string is longer than \(ListBox.maxStringBytes / 1_000_000) MB, the most a string may hold", at: start,
                                              help: "read long text from a file with text(\"path\")"))
                while let p = peek(), p != "\n" { _ = advance(); if p == "\"" { break } }
                add(.string(""), start)
                return
            }
            if c == "\\" {
                let escapeAt = here
                guard let e = peek(), e != "\n" else { continue }
                _ = advance()
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                default:
                    diagnostics.append(Diagnostic("unknown escape '\\\(e)' in string", at: escapeAt,
                                                  help: "use \\n, \\t, \\\" or \\\\"))
                }
            } else {
                value.append(c)
            }
        }
        add(.string(value), start)
    }

    private mutating func symbol(_ start: SourceLocation) {
        let c = advance()
        let two = peek().map { String(c) + String($0) }
        if let two, let s = Symbol(rawValue: two) {
            _ = advance()
            add(.symbol(s), start)
            return
        }
        guard let s = Symbol(rawValue: String(c)) else {
            diagnostics.append(Diagnostic("unexpected character '\(c)'", at: start))
            return
        }
        switch s {
        case .lparen, .lbracket, .lbrace:
            brackets.append(s)
        case .rparen, .rbracket, .rbrace:
            // Only pop a matching opener, so one stray closer does not unbalance the rest.
            let opener: Symbol = s == .rparen ? .lparen : (s == .rbracket ? .lbracket : .lbrace)
            if let idx = brackets.lastIndex(of: opener) { brackets.removeSubrange(idx...) }
        default:
            break
        }
        add(.symbol(s), start)
    }
}

/// Whether the text typed so far is a whole entry, or the prompt should keep reading.
public enum InputCompleteness {
    public static func needsMoreInput(_ text: String) -> Bool {
        var lexer = Lexer(SourceText(name: "<input>", text: text))
        lexer.run()
        // A string cannot span lines, so more input would not mend it: report now.
        if lexer.diagnostics.contains(where: { $0.message.hasPrefix("unterminated string") }) { return false }
        if !lexer.openBrackets.isEmpty { return true }
        let significant = lexer.tokens.last { t in
            if case .newline = t.kind { return false }
            if case .eof = t.kind { return false }
            return true
        }
        if case .symbol(let s)? = significant?.kind, s.continuesLine { return true }
        return false
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isIdentifierStart: Bool { self == "_" || ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isIdentifierPart: Bool { isIdentifierStart || isASCIIDigit }
}
