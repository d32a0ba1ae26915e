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
    /// `columns`: where the output is that wide and no wider (a terminal,
    /// a notebook cell), the source line is cut to fit, so the caret stays
    /// under its column instead of under a wrapped line's blank.
    public static func render(_ d: Diagnostic, in source: SourceText, columns: Int? = nil) -> String {
        let number = String(d.location.line)
        let pad = String(repeating: " ", count: number.count)
        // " 3 | " before the line, and an ellipsis at each end.
        let width = columns.map { Swift.max(20, $0 - number.count - 5) } ?? 100
        var out = "error: \(d.message)\n"
        out += "\(pad) --> \(source.name):\(d.location.line):\(d.location.column)\n"
        if let lineText = source.line(d.location.line) {
            // Tabs would misplace the caret, so they print as one space.
            let (shown, caret) = window(Array(lineText.replacingTabs()), column: d.location.column, width: width)
            out += "\(pad)  |\n"
            out += " \(number) | \(shown)\n"
            out += "\(pad)  | \(String(repeating: " ", count: caret))^\n"
        }
        if let help = d.help { out += " help: \(help)\n" }
        return out
    }

    /// A long line (a generated program, a pasted data row) is shown as the
    /// part around the caret, with … where it was cut; returns the text and
    /// the caret's offset in it.
    static func window(_ line: [Character], column: Int, width: Int = 100) -> (String, Int) {
        let at = max(0, column - 1)
        guard line.count > width else { return (String(line), at) }
        let start = max(0, min(at - width * 2 / 3, line.count - width))
        let end = min(line.count, start + width)
        let text = (start > 0 ? "…" : "") + String(line[start..<end]) + (end < line.count ? "…" : "")
        return (text, at - start + (start > 0 ? 1 : 0))
    }
}

extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
