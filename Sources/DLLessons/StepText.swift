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
                paragraph = paragraph.map { $0 + " " + l } ?? l
                continue
            }
            if let p = paragraph { out.append(p); paragraph = nil }
            out.append(l)
        }
        if let p = paragraph { out.append(p) }
        return out
    }
}
