extension StringProtocol {
    /// Without spaces, tabs and newlines at either end.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        // Found from both ends in place: reversing twice copied the text twice (a tenth of start-up,
        // where every builtin's signature is trimmed part by part).
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
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
