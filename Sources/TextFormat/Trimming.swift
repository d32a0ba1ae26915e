extension StringProtocol {
    /// Without spaces, tabs and newlines at either end.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    /// Without the spaces that pad a table row on the right.
    public var trimmingTrailingSpaces: String { String(reversed().drop(while: { $0 == " " }).reversed()) }
}

extension StringProtocol {
    /// The lines of a file's text, whether they end in "\n" or "\r\n" (to
    /// Swift "\r\n" is one Character, so splitting on "\n" alone keeps a
    /// Windows file whole).
    public var fileLines: [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
