/// An error found in the learner's code: data first, rendered in one place
/// (`DiagnosticRenderer`).
public struct Diagnostic: Error, Sendable, Equatable {
    public var message: String
    public var location: SourceLocation
    public var help: String?

    public init(_ message: String, at location: SourceLocation, help: String? = nil) {
        self.message = message
        self.location = location
        self.help = help
    }
}

public enum DiagnosticRenderer {
    /// The contract form:
    /// ```
    /// error: <message>
    ///   --> <file>:<line>:<column>
    ///    |
    ///  3 | y = x @ w
    ///    |       ^
    /// ```
    public static func render(_ d: Diagnostic, in source: SourceText) -> String {
        let number = String(d.location.line)
        let pad = String(repeating: " ", count: number.count)
        var out = "error: \(d.message)\n"
        out += "\(pad) --> \(source.name):\(d.location.line):\(d.location.column)\n"
        if let lineText = source.line(d.location.line) {
            // Tabs would misplace the caret, so they print as one space.
            out += "\(pad)  |\n"
            out += " \(number) | \(lineText.replacingTabs())\n"
            out += "\(pad)  | \(String(repeating: " ", count: max(0, d.location.column - 1)))^\n"
        }
        if let help = d.help { out += " help: \(help)\n" }
        return out
    }
}

extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
