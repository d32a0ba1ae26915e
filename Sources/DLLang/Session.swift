import DLTensor

/// One learner's session: the entry point the command line, the REPL and
/// (later) the screen use. Errors are reported to the output sink and the
/// session stays usable.
public final class Session {
    public let interpreter: Interpreter
    public var output: OutputSink { interpreter.output }

    public init(output: OutputSink) {
        interpreter = Interpreter(output: output)
    }

    /// Parses all of `source`, then runs it statement by statement. Parse
    /// errors are all reported and nothing runs; a runtime error stops the
    /// run. `echo` shows the value of bare expression statements (the prompt's
    /// behaviour). Returns false when anything was reported.
    @discardableResult
    public func run(_ source: SourceText, echo: Bool) -> Bool {
        let (statements, diagnostics) = Parser.parse(source)
        if !diagnostics.isEmpty {
            for d in diagnostics { output.writeError(DiagnosticRenderer.render(d, in: source)) }
            return false
        }
        interpreter.currentSource = source
        for stmt in statements {
            do {
                try interpreter.executeTopLevel(stmt) { value in
                    if case .record(let r) = value, r.reported { return }
                    if echo { self.output.write(value.shown() + "\n") }
                }
            } catch {
                // Errors that escaped their own handling still get a location.
                let e = RuntimeError.from(error, at: stmt.location)
                let d = Diagnostic(e.message, at: e.location ?? stmt.location, help: e.help)
                output.writeError(DiagnosticRenderer.render(d, in: e.source ?? source))
                return false
            }
        }
        return true
    }

    /// Runs a stream of lines as a session does: each complete statement
    /// (brackets closed, no trailing operator) runs as soon as it is read, with
    /// the stream's line numbers; after an error the session goes on.
    /// Returns false when anything was reported.
    @discardableResult
    public func runStream(name: String, echo: Bool, nextLine: () -> String?) -> Bool {
        var buffer = "", start = 1, lineNumber = 0, clean = true
        while let line = nextLine() {
            lineNumber += 1
            if buffer.isEmpty { start = lineNumber }
            buffer += buffer.isEmpty ? line : "\n" + line
            if InputCompleteness.needsMoreInput(buffer) { continue }
            if !run(SourceText(name: name, text: buffer, firstLine: start), echo: echo) { clean = false }
            buffer = ""
        }
        if !buffer.isEmpty, !run(SourceText(name: name, text: buffer, firstLine: start), echo: echo) { clean = false }
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
        return CompletionData(names: interpreter.visibleNames, keywords: keywords)
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

    public init(names: [String] = [], keywords: [String: [String]] = [:]) { self.names = names; self.keywords = keywords }

    /// Names in scope, builtins and language keywords; inside a call's
    /// parentheses also its keyword arguments (`axis:`).
    public func candidates(line: String, word: String) -> [String] {
        var all = Set(names)
        all.formUnion(Keyword.allCases.map(\.rawValue))
        if let fn = Session.enclosingCall(in: line), let k = keywords[fn] { all.formUnion(k.map { $0 + ":" }) }
        return all.filter { $0.hasPrefix(word) && !$0.isEmpty }.sorted()
    }
}
