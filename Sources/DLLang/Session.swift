import DLTensor
import TextFormat

/// One learner's session: the entry point the command line, the REPL and
/// (later) the screen use. Errors are reported to the output sink and the
/// session stays usable.
public final class Session {
    public let interpreter: Interpreter
    public var output: SessionOutput { interpreter.output }

    /// Front ends get their sessions from `SessionHost` (DLLessons), which
    /// applies the limits, interrupts and the course; tests make bare ones.
    public init(output: SessionOutput) {
        interpreter = Interpreter(output: output)
    }

    /// A bare session writing to a capture (tests).
    public convenience init(output capture: CapturedOutput) {
        self.init(output: SessionOutput(capture, traits: capture.traits))
    }

    /// A bare session writing to any front end (tests).
    public convenience init(_ frontEnd: FrontEnd, traits: OutputTraits) {
        self.init(output: SessionOutput(frontEnd, traits: traits))
    }

    /// Parses all of `source`, then runs it statement by statement. Parse
    /// errors are all reported and nothing runs; a runtime error stops the
    /// run. `echo` shows the value of bare expression statements (the prompt's
    /// behaviour). Returns false when anything was reported.
    @discardableResult
    public func run(_ source: SourceText, echo: Bool) -> Bool {
        let (statements, diagnostics) = Parser.parse(source)
        if !diagnostics.isEmpty {
            for d in diagnostics { output.writeError(DiagnosticRenderer.render(d, in: source, columns: caretColumns)) }
            return false
        }
        interpreter.currentSource = source
        for stmt in statements {
            do {
                try interpreter.executeTopLevel(stmt) { value, expr in
                    guard echo else { return }
                    // `evaluate(net, test)` has printed its report; `r` alone shows a summary.
                    if case .record(let r) = value, r.reported, case .call = expr { return }
                    self.output.write(value.displayed(roundingNumbers: expr.readsAField) + "\n")
                }
            } catch {
                // Errors that escaped their own handling still get a location.
                let e = RuntimeError.from(error, at: stmt.location)
                let d = Diagnostic(e.message, at: e.location ?? stmt.location, help: e.help)
                output.writeError(DiagnosticRenderer.render(d, in: e.source ?? source, columns: caretColumns))
                return false
            }
        }
        return true
    }

    /// The width a diagnostic's source line must fit: only where the output
    /// has one (a terminal wraps, the screen wraps); files and pipes keep
    /// the contract's form.
    private var caretColumns: Int? {
        let t = output.traits
        return t.wrapsText || t.redrawsProgress ? t.columns : nil
    }

    /// Evaluates one expression against the session's names (a lesson's check
    /// or the value in a message), without displaying it. A parse error or a
    /// runtime error is thrown as text, for the caller to judge.
    public func evaluate(_ source: SourceText) throws -> Value {
        let (statements, diagnostics) = Parser.parse(source)
        if let d = diagnostics.first { throw RuntimeError(d.message) }
        guard statements.count == 1, case .expression(let e) = statements[0] else {
            throw RuntimeError("expected one expression, got \(statements.count) statements")
        }
        let saved = interpreter.currentSource
        defer { interpreter.currentSource = saved }
        interpreter.currentSource = source
        return try interpreter.eval(e, in: interpreter.globals)
    }

    /// The truth of a value as `if` judges it; a value that is not one truth is false.
    public func isTrue(_ value: Value) -> Bool {
        (try? interpreter.truth(value, at: SourceLocation(line: 1, column: 1))) ?? false
    }

    /// Runs a stream of lines as a session does: each complete statement
    /// (brackets closed, no trailing operator) runs as soon as it is read, with
    /// the stream's line numbers; after an error the session goes on.
    /// Returns false when anything was reported.
    @discardableResult
    public func runStream(name: String, echo: Bool, nextLine: () -> String?) -> Bool {
        Session.statements(name: name, nextLine: nextLine) { run($0, echo: echo) }
    }

    /// Cuts a stream of lines into complete statements and hands each to
    /// `run` as soon as it is read, with the stream's line numbers (a lesson
    /// runs them through its tutor). Returns false when any run did.
    public static func statements(name: String, nextLine: () -> String?, run: (SourceText) -> Bool) -> Bool {
        var buffer = "", start = 1, lineNumber = 0, clean = true
        func flush() {
            // A blank line is no statement: a lesson must not judge its check on it.
            if !buffer.trimmingSpaces.isEmpty, !run(SourceText(name: name, text: buffer, firstLine: start)) { clean = false }
            buffer = ""
        }
        while let line = nextLine() {
            lineNumber += 1
            if buffer.isEmpty { start = lineNumber }
            buffer += buffer.isEmpty ? line : "\n" + line
            if InputCompleteness.needsMoreInput(buffer) { continue }
            flush()
        }
        flush()
        return clean
    }

    /// Tab completion: names in scope, builtins and keywords; inside a
    /// builtin's parentheses also its keyword arguments (`axis:`).
    public func completions(line: String, word: String) -> [String] {
        completionData.candidates(line: line, word: word)
    }

    /// What completion needs, as plain values (the screen completes on its own
    /// thread while code runs on another).
    public var completionData: CompletionData {
        var keywords: [String: [String]] = [:]
        for (name, b) in interpreter.builtinTable where !b.keywords.isEmpty { keywords[name] = b.keywords }
        for (name, l) in interpreter.layerTable where !l.builtin.keywords.isEmpty { keywords[name] = l.builtin.keywords }
        var attributes: [String: [String]] = [:]
        for name in interpreter.globals.names {
            if let v = interpreter.globals.lookup(name), case let a = Interpreter.attributeNames(of: v), !a.isEmpty { attributes[name] = a }
        }
        return CompletionData(names: interpreter.visibleNames, keywords: keywords, attributes: attributes)
    }

    /// The name before the innermost unclosed `(` of the line, if any.
    static func enclosingCall(in line: String) -> String? {
        var depth = 0
        let chars = Array(line)
        var i = chars.count - 1
        while i >= 0 {
            let c = chars[i]
            if c == ")" || c == "]" { depth += 1 }
            else if c == "[" { depth -= 1 }
            else if c == "(" {
                if depth == 0 {
                    var j = i - 1
                    while j >= 0 && chars[j] == " " { j -= 1 }
                    var name = ""
                    while j >= 0 && chars[j].isIdentifierPart { name = String(chars[j]) + name; j -= 1 }
                    return name.isEmpty ? nil : name
                }
                depth -= 1
            }
            i -= 1
        }
        return nil
    }
}

public struct CompletionData: Sendable, Equatable {
    public var names: [String]
    public var keywords: [String: [String]]
    /// For each global name, what may follow `name.` (`data.` → x, y, size, ...).
    public var attributes: [String: [String]]

    public init(names: [String] = [], keywords: [String: [String]] = [:], attributes: [String: [String]] = [:]) {
        self.names = names; self.keywords = keywords; self.attributes = attributes
    }

    /// After `name.`, that value's attributes; else names in scope, builtins
    /// and language keywords, and inside a call's parentheses also its
    /// keyword arguments (`axis:`). `line` is the text up to the cursor.
    public func candidates(line: String, word: String) -> [String] {
        let before = line.dropLast(word.count)
        if before.hasSuffix(".") {
            let owner = String(before.dropLast().reversed().prefix { $0.isIdentifierPart }.reversed())
            return (attributes[owner] ?? []).filter { $0.hasPrefix(word) }
        }
        var all = Set(names)
        all.formUnion(Keyword.allCases.map(\.rawValue))
        if let fn = Session.enclosingCall(in: line), let k = keywords[fn] { all.formUnion(k.map { $0 + ":" }) }
        return all.filter { $0.hasPrefix(word) && !$0.isEmpty }.sorted()
    }
}
