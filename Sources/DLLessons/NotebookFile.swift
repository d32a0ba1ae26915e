import TextFormat

/// The notebook's Markdown form: prose as it is, each code cell a ```dl
/// fence, its output a ```text fence right after it, so the file reads well
/// on any forge and diffs cleanly.
public enum NotebookFile {
    public static func render(_ notebook: Notebook) -> String {
        var parts: [String] = []
        for cell in notebook.cells {
            if cell.isProse {
                parts.append(cell.source.trimmingTrailingNewlines)
                continue
            }
            var block = fenced(cell.source, info: "dl")
            if !cell.output.isEmpty { block += "\n\n" + fenced(cell.output.trimmingTrailingNewlines, info: "text") }
            parts.append(block)
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// A fence longer than any backtick run inside, so outputs cannot close it early.
    static func fenced(_ body: String, info: String) -> String {
        var longest = 0, run = 0
        for ch in body { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + body + "\n" + fence
    }

    /// Reads a notebook; every code cell comes back not-run with its stored output.
    public static func parse(_ text: String) -> Notebook {
        var cells: [Notebook.Cell] = []
        var prose: [Substring] = []
        let lines = text.fileLines
        func flushProse() {
            let t = prose.joined(separator: "\n").trimmingBlankLines
            if !t.isEmpty { cells.append(.prose(t)) }
            prose = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard let (fence, info) = openingFence(line) else { prose.append(line); i += 1; continue }
            var body: [Substring] = []
            i += 1
            while i < lines.count && !(lines[i].hasPrefix(fence) && lines[i].drop(while: { $0 == "`" }).allSatisfy({ $0 == " " })) {
                body.append(lines[i])
                i += 1
            }
            i += 1
            let content = body.joined(separator: "\n")
            if info == "dl" {
                flushProse()
                cells.append(Notebook.Cell(source: content))
            } else if (info == "text" || info == "output"), let last = cells.indices.last, !cells[last].isProse,
                      cells[last].output.isEmpty, prose.allSatisfy({ $0.allSatisfy { $0 == " " } }) {
                prose = []
                cells[last].output = content
            } else {
                prose.append(contentsOf: [Substring(fence + info)] + body + [Substring(fence)])
            }
        }
        flushProse()
        return Notebook(cells: cells)
    }

    static func openingFence(_ line: Substring) -> (String, String)? {
        let ticks = line.prefix(while: { $0 == "`" })
        guard ticks.count >= 3 else { return nil }
        let info = line.dropFirst(ticks.count).filter { $0 != " " }
        return (String(ticks), String(info))
    }
}

extension StringProtocol {
    var trimmingTrailingNewlines: String {
        var s = String(self)
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    var trimmingBlankLines: String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let f = lines.first, f.allSatisfy({ $0 == " " }) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy({ $0 == " " }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
