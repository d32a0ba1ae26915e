/// 1-based line and column of a token in its source.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// A named piece of source text; `firstLine` lets a REPL entry or a chunk
/// of piped input keep the line numbers of the whole stream.
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
    }

    /// The text of a (stream) line number, if it is in this source.
    public func line(_ number: Int) -> String? {
        let i = number - firstLine
        guard i >= 0 else { return nil }
        var current = 0
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == i { return String(l) }
            current += 1
        }
        return nil
    }
}
