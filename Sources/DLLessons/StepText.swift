/// A step as lines of text: its title line, prose (code examples indented),
/// options, and a line saying how to answer. Plain mode prints these; the
/// screen's lesson pane wraps them.
public enum StepText {
    public static func title(_ n: Int, _ count: Int, _ step: Step) -> String { "step \(n)/\(count) · \(step.title)" }

    public static func body(_ step: Step) -> [String] {
        var lines = prose(step.prose)
        if step.hasOptions {
            if !lines.isEmpty { lines.append("") }
            for o in step.options { lines.append("  \(o.letter)) \(o.text)") }
        }
        let how: String
        switch step.kind {
        case .task: how = "(hint() for a hint · solution() shows one · skip() runs it and moves on)"
        case .choice: how = "(answer(\"\(step.options.first?.letter ?? "a")\") to choose · hint() for a hint)"
        case .number: how = "(answer(NUMBER) · you may compute it in the session · hint() for a hint)"
        case .predict:
            how = step.hasOptions ? "(predict with answer(\"\(step.options.first?.letter ?? "a")\"); then the lesson runs the code · hint() for a hint)"
                                  : "(predict with answer(NUMBER); then the lesson runs the code · hint() for a hint)"
        case .read: how = "(next() moves on)"
        }
        if !lines.isEmpty { lines.append("") }
        lines.append(how)
        return lines
    }

    /// Markdown prose as terminal text: fences go, their code is indented by four.
    public static func prose(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var out: [String] = [], inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            out.append(inCode ? "    " + line : String(line))
        }
        return out
    }

    /// Lesson files break prose lines at about 76 columns; a screen that
    /// wraps text itself is narrower or wider, so the lines of a paragraph
    /// are joined into one (code, indented lines and blank lines stay).
    public static func paragraphs(_ lines: [String]) -> [String] {
        var out: [String] = []
        var paragraph: String?
        for l in lines {
            let isProse = !l.isEmpty && !l.hasPrefix("  ") && !l.hasPrefix("(")
            if isProse {
                // A list item starts a line of its own; its continuation lines join it.
                if isListItem(l), let p = paragraph { out.append(p); paragraph = nil }
                paragraph = paragraph.map { $0 + " " + inline(l) } ?? inline(l)
                continue
            }
            if let p = paragraph { out.append(p); paragraph = nil }
            out.append(l)
        }
        if let p = paragraph { out.append(p) }
        return out
    }

    /// `1. `, `2) `, `- ` or `* ` at the start of a line.
    static func isListItem(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return true }
        let digits = line.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return false }
        let rest = line.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    /// Markdown's inline marks as plain terminal text: `code` loses its
    /// backticks, *emphasis* and **strong** their stars, and `\*` is a star.
    /// Code spans are kept as written (`**` there is a power).
    public static func inline(_ text: String) -> String {
        let c = Array(text)
        var out = ""
        var i = 0
        func isWord(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber }
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count, c[i + 1] == "*" || c[i + 1] == "`" || c[i + 1] == "_" {
                out.append(c[i + 1]); i += 2; continue
            }
            if ch == "`", let j = c[(i + 1)...].firstIndex(of: "`") {
                out += String(c[(i + 1)..<j]); i = j + 1; continue
            }
            if ch == "*" {
                let n = i + 1 < c.count && c[i + 1] == "*" ? 2 : 1
                let before: Character = i > 0 ? c[i - 1] : " "
                let after: Character = i + n < c.count ? c[i + n] : " "
                if !isWord(before) && !after.isWhitespace && after != "*" {
                    // The closing run: after a non-space, before a non-word character.
                    var k = i + n + 1, close: Int?
                    while k + n <= c.count {
                        if c[k] == "`" { break }
                        if c[k..<(k + n)].allSatisfy({ $0 == "*" }) && !c[k - 1].isWhitespace
                            && (k + n == c.count || (!isWord(c[k + n]) && c[k + n] != "*")) { close = k; break }
                        k += 1
                    }
                    if let close {
                        out += inline(String(c[(i + n)..<close])); i = close + n; continue
                    }
                }
            }
            out.append(ch); i += 1
        }
        return out
    }
}
