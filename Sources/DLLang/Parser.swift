import TextFormat
/// Tokens → statements, by recursive descent. On an error it records a
/// diagnostic and skips to the next statement boundary, so one typo gives one error.
public struct Parser {
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    /// The depth of the tree being built along the current path: nesting plus
    /// the links of chains (`a + b + c`, `x.T.T`), which nest the tree
    /// without nesting the syntax.
    private var treeDepth = 0
    public private(set) var diagnostics: [Diagnostic] = []

    /// Deep nesting would overflow the stack of this parser and of the interpreter.
    static let maxDepth = 120
    /// A tree deeper than this is refused: evaluating, analysing and freeing
    /// it recurse once per level (a 10 KB line of `1 + 1 + …` once overflowed
    /// the stack).
    static let maxTreeDepth = 400

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Lexes and parses; diagnostics of both stages, in source order.
    public static func parse(_ source: SourceText) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        let (tokens, lexErrors) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens)
        let statements = parser.parseProgram()
        // A lexing error usually causes the parse error right after it: keep one per line.
        var seenLines = Set(lexErrors.map(\.location.line))
        var all = lexErrors
        for d in parser.diagnostics where seenLines.insert(d.location.line).inserted { all.append(d) }
        all.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return (statements, all)
    }

    struct Failure: Error {}

    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if case .eof = current.kind { break }
            if case .symbol(.rbrace) = current.kind {
                report("unmatched '}'", at: current.location)
                advance()
                continue
            }
            parseStatementRecovering(into: &statements)
        }
        return statements
    }

    private mutating func parseStatementRecovering(into statements: inout [Stmt]) {
        do {
            statements.append(try statement())
            try endOfStatement()
        } catch {
            synchronize()
        }
    }

    // MARK: - Token helpers

    private var current: Token { tokens[position] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func check(_ s: Symbol) -> Bool {
        if case .symbol(s) = current.kind { return true }
        return false
    }
    private func check(_ k: Keyword) -> Bool {
        if case .keyword(k) = current.kind { return true }
        return false
    }
    private mutating func match(_ s: Symbol) -> Bool { if check(s) { advance(); return true }; return false }
    private mutating func match(_ k: Keyword) -> Bool { if check(k) { advance(); return true }; return false }

    private mutating func expect(_ s: Symbol, _ context: String) throws -> SourceLocation {
        let at = current.location
        guard match(s) else { try fail("expected '\(s.rawValue)' \(context), found \(describe(current))", at: errorLocation) }
        return at
    }

    /// Where to point when the current token is wrong: at the end of the
    /// input that means just after the last line, which has no text to show.
    private var errorLocation: SourceLocation {
        if case .eof = current.kind, position > 0 { return tokens[position - 1].location }
        return current.location
    }

    private mutating func report(_ message: String, at: SourceLocation, help: String? = nil) {
        diagnostics.append(Diagnostic(message, at: at, help: help))
    }

    private mutating func fail(_ message: String, at: SourceLocation, help: String? = nil) throws -> Never {
        report(message, at: at, help: help)
        throw Failure()
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .number(let v): "number \(NumberFormat.shortest(v))"
        case .string: "a string"
        case .identifier(let n): "'\(n)'"
        case .keyword(let k): "keyword '\(k.rawValue)'"
        case .symbol(let s): "'\(s.rawValue)'"
        case .newline: "the end of the line"
        case .eof: "the end of the input"
        }
    }

    private mutating func skipSeparators() {
        while true {
            switch current.kind {
            case .newline, .symbol(.semicolon): advance()
            default: return
            }
        }
    }

    private mutating func endOfStatement() throws {
        switch current.kind {
        case .newline, .symbol(.semicolon): advance()
        case .eof, .symbol(.rbrace): break
        default:
            try fail("expected the end of the statement, found \(describe(current))", at: current.location,
                     help: "put one statement per line, or separate them with ';'")
        }
    }

    /// Skips to the next statement boundary at this brace depth.
    private mutating func synchronize() {
        var braces = 0
        while true {
            switch current.kind {
            case .eof: return
            case .symbol(.lbrace): braces += 1
            case .symbol(.rbrace):
                if braces == 0 { return }
                braces -= 1
                if braces == 0 { advance(); return }
            case .newline, .symbol(.semicolon):
                if braces == 0 { advance(); return }
            default: break
            }
            advance()
        }
    }

    private mutating func nested<T>(_ at: SourceLocation, _ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        treeDepth += 1
        defer { depth -= 1; treeDepth -= 1 }
        if depth > Parser.maxDepth { try fail("this is nested too deeply (more than \(Parser.maxDepth) levels)", at: at) }
        try checkTreeDepth(at)
        return try body(&self)
    }

    private mutating func checkTreeDepth(_ at: SourceLocation) throws {
        if treeDepth > Parser.maxTreeDepth {
            try fail("this expression is too long a chain (more than \(Parser.maxTreeDepth) levels deep)", at: at,
                     help: "split it into steps with names, or use sum() over a tensor")
        }
    }

    /// One more link of a chain; the caller gives the links back when its chain ends.
    private mutating func link(_ at: SourceLocation, _ links: inout Int) throws {
        links += 1
        treeDepth += 1
        try checkTreeDepth(at)
    }

    // MARK: - Statements

    private mutating func statement() throws -> Stmt {
        let at = current.location
        switch current.kind {
        case .keyword(.if): return try ifStatement()
        case .keyword(.for):
            advance()
            guard case .identifier(let name) = current.kind else {
                try fail("expected a loop variable after 'for', found \(describe(current))", at: current.location)
            }
            advance()
            var names = [name]
            while match(.comma) {
                guard case .identifier(let next) = current.kind else {
                    try fail("expected a loop variable after ',' in 'for', found \(describe(current))", at: current.location)
                }
                names.append(next)
                advance()
            }
            let joined = names.joined(separator: ", ")
            guard match(.in) else { try fail("expected 'in' after 'for \(joined)', found \(describe(current))", at: current.location) }
            let iterable = try expression()
            return .forLoop(names, iterable, try block("for the loop body"), at)
        case .keyword(.while):
            advance()
            let condition = try expression()
            return .whileLoop(condition, try block("for the loop body"), at)
        case .keyword(.fn): return try functionDeclaration()
        case .keyword(.return):
            advance()
            switch current.kind {
            case .newline, .eof, .symbol(.semicolon), .symbol(.rbrace): return .returnValue(nil, at)
            default: return .returnValue(try expression(), at)
            }
        case .keyword(.break): advance(); return .breakLoop(at)
        case .keyword(.continue): advance(); return .continueLoop(at)
        case .identifier("model") where isModelBlockStart: return try modelBlock()
        default: return try simpleStatement()
        }
    }

    /// `model` is a keyword only before `name {`, so it stays usable as a variable.
    private var isModelBlockStart: Bool {
        guard position + 2 < tokens.count, case .identifier = tokens[position + 1].kind,
              case .symbol(.lbrace) = tokens[position + 2].kind else { return false }
        return true
    }

    private mutating func modelBlock() throws -> Stmt {
        let at = current.location
        advance()
        guard case .identifier(let name) = current.kind else { try fail("expected a model name", at: current.location) }
        advance()
        let open = current.location
        _ = try expect(.lbrace, "to open the model block")
        let lines = try layerLines(open)
        return .model(name, lines, at)
    }

    /// The lines of a model block or of a `residual { }` inside one, up to
    /// and including the closing brace.
    private mutating func layerLines(_ open: SourceLocation) throws -> [LayerLine] {
        var lines: [LayerLine] = []
        do {
            while true {
                skipSeparators()
                if match(.rbrace) { break }
                lines.append(try layerLine(open))
            }
        } catch {
            // Skip the rest of the block, so its closing brace is not reported again.
            var depth = 0
            while true {
                switch current.kind {
                case .eof: throw error
                case .symbol(.lbrace): depth += 1
                case .symbol(.rbrace):
                    if depth == 0 { advance(); throw error }
                    depth -= 1
                default: break
                }
                advance()
            }
        }
        return lines
    }

    private mutating func layerLine(_ open: SourceLocation) throws -> LayerLine {
        if case .eof = current.kind {
            try fail("expected '}' to close the model block opened at \(open)", at: errorLocation)
        }
        let lineAt = current.location
        guard case .identifier(let layer) = current.kind else {
            try fail("each line of a model block is one layer call, like dense(16), found \(describe(current))", at: lineAt,
                     help: "a model lists input(...) and then its layers, one per line")
        }
        advance()
        let line: LayerLine
        switch current.kind {
        case .symbol(.lparen):
            advance()
            line = LayerLine(name: layer, arguments: try arguments(), location: lineAt)
        case .symbol(.lbrace):
            let inner = current.location
            advance()
            // Blocks nest the program as braces do: the same budget of levels.
            let body = try nested(inner) { try $0.layerLines(inner) }
            return LayerLine(name: layer, arguments: [], location: lineAt, form: .block(body))
        case .newline, .symbol(.semicolon), .symbol(.rbrace):
            line = LayerLine(name: layer, arguments: [], location: lineAt, form: .bare)
        default:
            try fail("each line of a model block is one layer call, like dense(16), found \(describe(current))", at: current.location,
                     help: "a model lists input(...) and then its layers, one per line; a model's name alone adds that model")
        }
        switch current.kind {
        case .newline, .symbol(.semicolon): advance()
        case .symbol(.rbrace): break
        default: try fail("expected the end of the line after \(layer)(...), found \(describe(current))", at: current.location)
        }
        return line
    }

    private mutating func ifStatement() throws -> Stmt {
        let at = current.location
        var blocks: [ConditionalBlock] = []
        var elseBody: [Stmt]? = nil
        advance()
        blocks.append(ConditionalBlock(condition: try expression(), body: try block("after the condition")))
        while check(.else) {
            advance()
            if match(.if) {
                blocks.append(ConditionalBlock(condition: try expression(), body: try block("after the condition")))
            } else {
                elseBody = try block("after 'else'")
                break
            }
        }
        return .ifChain(blocks, elseBody: elseBody, at)
    }

    private mutating func functionDeclaration() throws -> Stmt {
        let at = current.location
        advance()
        guard case .identifier(let name) = current.kind else {
            try fail("expected a function name after 'fn', found \(describe(current))", at: current.location)
        }
        advance()
        _ = try expect(.lparen, "after the function name")
        var parameters: [Parameter] = []
        while !check(.rparen) {
            guard case .identifier(let p) = current.kind else {
                try fail("expected a parameter name, found \(describe(current))", at: current.location)
            }
            let pAt = current.location
            advance()
            if parameters.contains(where: { $0.name == p }) { try fail("parameter '\(p)' appears twice", at: pAt) }
            var defaultValue: Expr? = nil
            if match(.colon) { defaultValue = try expression() }
            else if parameters.last?.defaultValue != nil {
                try fail("parameter '\(p)' needs a default because the one before it has one", at: pAt)
            }
            parameters.append(Parameter(name: p, defaultValue: defaultValue))
            if !match(.comma) { break }
        }
        _ = try expect(.rparen, "to close the parameter list")
        return .function(name, parameters, try block("for the function body"), at)
    }

    private mutating func block(_ context: String) throws -> [Stmt] {
        let open = current.location
        _ = try expect(.lbrace, context)
        return try nested(open) { p in
            var body: [Stmt] = []
            while true {
                p.skipSeparators()
                if p.match(.rbrace) { return body }
                if case .eof = p.current.kind {
                    try p.fail("expected '}' to close the block opened at \(open)", at: p.current.location)
                }
                p.parseStatementRecovering(into: &body)
            }
        }
    }

    private mutating func simpleStatement() throws -> Stmt {
        let first = try expression()
        var targets = [first]
        while check(.comma) {
            advance()
            targets.append(try expression())
        }
        let at = current.location
        if case .symbol(let s) = current.kind {
            let compound: [Symbol: BinaryOperator] = [.plusAssign: .add, .minusAssign: .sub, .starAssign: .mul, .slashAssign: .div]
            if s == .assign {
                advance()
                for t in targets { try checkTarget(t) }
                return .assign(targets, try expression(), at)
            }
            if let op = compound[s] {
                advance()
                guard targets.count == 1 else { try fail("'\(s.rawValue)' takes one target", at: at) }
                try checkTarget(first)
                return .compound(first, op, try expression(), at)
            }
        }
        if targets.count > 1 {
            try fail("a list of values needs brackets: [a, b]", at: targets[1].start,
                     help: "or assign them: a, b = ...")
        }
        return .expression(first)
    }

    private mutating func checkTarget(_ e: Expr) throws {
        switch e {
        case .name, .index: return
        default:
            try fail("cannot assign to this expression", at: e.start,
                     help: "the left of '=' must be a name (x = ...) or an element (x[0] = ...)")
        }
    }

    // MARK: - Expressions, lowest precedence first

    public mutating func expression() throws -> Expr {
        try nested(current.location) { p in try p.orExpression() }
    }

    private mutating func orExpression() throws -> Expr {
        var links = 0
        defer { treeDepth -= links }
        var left = try andExpression()
        while check(.or) {
            let at = current.location; advance()
            try link(at, &links)
            left = .or(left, try andExpression(), at)
        }
        return left
    }

    private mutating func andExpression() throws -> Expr {
        var links = 0
        defer { treeDepth -= links }
        var left = try notExpression()
        while check(.and) {
            let at = current.location; advance()
            try link(at, &links)
            left = .and(left, try notExpression(), at)
        }
        return left
    }

    private mutating func notExpression() throws -> Expr {
        if check(.not) {
            let at = current.location; advance()
            return .not(try nested(at) { p in try p.notExpression() }, at)
        }
        return try comparison()
    }

    private static let comparisons: [Symbol: BinaryOperator] = [
        .equal: .eq, .notEqual: .ne, .less: .lt, .lessEqual: .le, .greater: .gt, .greaterEqual: .ge,
    ]

    private mutating func comparison() throws -> Expr {
        let left = try additive()
        guard case .symbol(let s) = current.kind, let op = Parser.comparisons[s] else { return left }
        let at = current.location; advance()
        let result = Expr.binary(op, left, try additive(), at)
        if case .symbol(let s2) = current.kind, Parser.comparisons[s2] != nil {
            try fail("comparisons cannot be chained", at: current.location, help: "write a < b and b < c")
        }
        return result
    }

    private mutating func binaryLevel(_ ops: [Symbol: BinaryOperator], next: (inout Parser) throws -> Expr) throws -> Expr {
        var links = 0
        defer { treeDepth -= links }
        var left = try next(&self)
        while case .symbol(let s) = current.kind, let op = ops[s] {
            let at = current.location; advance()
            try link(at, &links)
            left = .binary(op, left, try next(&self), at)
        }
        return left
    }

    private mutating func additive() throws -> Expr {
        try binaryLevel([.plus: .add, .minus: .sub]) { p in try p.multiplicative() }
    }

    private mutating func multiplicative() throws -> Expr {
        try binaryLevel([.star: .mul, .slash: .div, .percent: .mod]) { p in try p.matrixProduct() }
    }

    private mutating func matrixProduct() throws -> Expr {
        try binaryLevel([.at: .matmul]) { p in try p.unary() }
    }

    private mutating func unary() throws -> Expr {
        if check(.minus) {
            let at = current.location; advance()
            return .negate(try nested(at) { p in try p.unary() }, at)
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try postfix()
        if check(.power) {
            let at = current.location; advance()
            return .binary(.pow, base, try nested(at) { p in try p.unary() }, at)
        }
        return base
    }

    private mutating func postfix() throws -> Expr {
        var links = 0
        defer { treeDepth -= links }
        var e = try primary()
        while true {
            let at = current.location
            if check(.lparen) || check(.lbracket) || check(.dot) { try link(at, &links) }
            if match(.lparen) {
                e = .call(e, try arguments(), at)
            } else if match(.lbracket) {
                e = .index(e, try indexArguments(at), at)
            } else if match(.dot) {
                guard case .identifier(let name) = current.kind else {
                    try fail("expected an attribute name after '.', found \(describe(current))", at: current.location)
                }
                advance()
                e = .attribute(e, name, at)
            } else {
                return e
            }
        }
    }

    private mutating func arguments() throws -> [Argument] {
        var args: [Argument] = []
        while !check(.rparen) {
            let at = current.location
            var label: String? = nil
            if case .identifier(let name) = current.kind, case .symbol(.colon) = tokens[position + 1].kind {
                label = name
                advance(); advance()
            } else if case .identifier(let name) = current.kind, case .symbol(.assign) = tokens[position + 1].kind {
                // Python's keyword form; say the one this language uses.
                try fail("keyword arguments are written with a colon, not '='", at: tokens[position + 1].location,
                         help: "write \(name): … instead of \(name)=…, e.g. fit(net, data, epochs: 5)")
            } else if args.last?.label != nil {
                try fail("a positional argument cannot follow a keyword argument", at: at)
            }
            if let label, args.contains(where: { $0.label == label }) {
                try fail("keyword argument '\(label)' is given twice", at: at)
            }
            args.append(Argument(label: label, value: try expression(), location: at))
            if !match(.comma) { break }
        }
        _ = try expect(.rparen, "to close the argument list")
        return args
    }

    private mutating func indexArguments(_ open: SourceLocation) throws -> [IndexArgument] {
        var items: [IndexArgument] = []
        repeat {
            let at = current.location
            var parts: [Expr?] = []
            var isSlice = false
            func atBoundary(_ p: Parser) -> Bool { p.check(.colon) || p.check(.comma) || p.check(.rbracket) }
            parts.append(atBoundary(self) ? nil : try expression())
            while match(.colon) {
                isSlice = true
                parts.append(atBoundary(self) ? nil : try expression())
            }
            if isSlice {
                guard parts.count <= 3 else { try fail("a slice has at most start:stop:step", at: at) }
                items.append(.slice(start: parts[0], stop: parts.count > 1 ? parts[1] : nil,
                                    step: parts.count > 2 ? parts[2] : nil, at: at))
            } else if let e = parts[0] {
                items.append(.single(e))
            } else {
                try fail("expected an index, found \(describe(current))", at: at)
            }
        } while match(.comma)
        _ = try expect(.rbracket, "to close the index opened at \(open)")
        return items
    }

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let v): advance(); return .number(v, t.location)
        case .string(let s): advance(); return .string(s, t.location)
        case .keyword(.true): advance(); return .bool(true, t.location)
        case .keyword(.false): advance(); return .bool(false, t.location)
        case .keyword(.none): advance(); return .none(t.location)
        case .identifier(let n): advance(); return .name(Name(n), t.location)
        case .symbol(.lparen):
            advance()
            let e = try expression()
            _ = try expect(.rparen, "to close the '(' at \(t.location)")
            return e
        case .symbol(.lbracket):
            advance()
            var elements: [Expr] = []
            while !check(.rbracket) {
                elements.append(try expression())
                if !match(.comma) { break }
            }
            _ = try expect(.rbracket, "to close the '[' at \(t.location)")
            return .bracket(elements, t.location)
        case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace):
            try fail("unexpected \(describe(t)) here", at: t.location, help: "there may be one closing bracket too many")
        case .newline, .eof:
            try fail("expected a value, found \(describe(t))", at: errorLocation)
        default:
            try fail("expected a value, found \(describe(t))", at: t.location)
        }
    }
}


