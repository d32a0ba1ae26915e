import DLLang
import DLTensor
import DLTerminal

/// The backward-pass stepper and the graph tree, drawn over the main area.
enum InspectorView {
    static func render(_ inspector: AppState.Inspector, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) {
        b.fill(area)
        switch inspector {
        case .backprop(let p, let step, let expanded): backprop(p, step, expanded, area, &b, glyphs)
        case .graph(let outline): graph(outline, area, &b, glyphs)
        }
    }

    static func backprop(_ p: BackpropPresentation, _ index: Int, _ expanded: Bool, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) {
        guard p.steps.indices.contains(index) else { return }
        let step = p.steps[index]
        let rows = Layout.split(area, .vertical, [.fixed(3), .fill(1)])
        // The forward path, with this step's node marked.
        let pathBox = Box(title: "forward path", glyphs: glyphs)
        pathBox.render(rows[0], &b)
        let names = p.steps.reversed().map(\.pathName)
        let current = p.steps.count - 1 - index
        let sep = glyphs.unicode ? " ─ " : " - "
        var spans: [(String, Style)] = []
        for (i, n) in names.enumerated() {
            if i > 0 { spans.append((sep, Style(.dim))) }
            spans.append(i == current ? ("[\(n)]", Style(.highlight, bold: true)) : (n, i < current ? Style(.dim) : .normal))
        }
        spans.append((sep + "L", Style(.dim)))
        Paragraph(lines: [StyledLine(spans: spans)], wrap: false).render(pathBox.inner(rows[0]), &b)

        let columns = Layout.split(rows[1], .horizontal, [.ratio(2, 3), .fill(1)])
        let stepBox = Box(title: "backward pass · " + step.title, glyphs: glyphs)
        stepBox.render(columns[0], &b)
        var lines = step.lines.map { line -> StyledLine in
            let label = String(line.prefix(12)), rest = String(line.dropFirst(12))
            return StyledLine(spans: [(label, Style(.accent)), (rest, line.hasPrefix("  done") ? Style(.positive, bold: true) : .normal)],
                              hang: 12)
        }
        if expanded {
            lines.append(StyledLine(""))
            lines += step.details.map { StyledLine($0, Style(.dim)) }
        }
        // A step taller than its box shows its start (what the node did, what
        // arrives, its derivative); expanded, it shows its end, the details.
        let stepArea = stepBox.inner(columns[0])
        let overflow = Swift.max(0, Paragraph(lines: lines).lineCount(width: stepArea.width) - stepArea.height)
        Paragraph(lines: lines, scrollFromBottom: expanded ? 0 : overflow).render(stepArea, &b)

        // Params fill in as their gradients complete.
        let done = Set(p.steps.prefix(index + 1).flatMap(\.finishedParams))
        let gradBox = Box(title: "param gradients", glyphs: glyphs)
        gradBox.render(columns[1], &b)
        let check = glyphs.unicode ? "✓" : "*"
        let gradLines = p.paramGradients.flatMap { param -> [StyledLine] in
            guard done.contains(param.name) else { return [StyledLine("  \(param.name)  waiting", Style(.dim))] }
            return [StyledLine(spans: [("\(check) ", Style(.positive, bold: true)), (param.name, Style(.title))]),
                    StyledLine("  " + OpText.values(param.values), Style(.normal))]
        }
        Paragraph(lines: gradLines, scrollFromBottom: 0).render(gradBox.inner(columns[1]), &b)
    }

    static func graph(_ outline: GraphOutline, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) {
        let nodes = outline.lines.filter { !$0.hasSuffix("(shown above)") }.count
        let box = Box(title: "graph · \(nodes) nodes", glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        // Long node lines wrap under their own indent rather than being cut.
        var rows: [(cells: ArraySlice<Cell>, line: Int)] = []
        for i in outline.visible {
            var line = outline.lines[i]
            let hidden = outline.hiddenCount(i)
            if hidden > 0 {
                let depth = GraphOutline.depth(line) * 2
                line = String(line.prefix(depth)) + (glyphs.unicode ? "▸ " : "> ") + line.dropFirst(depth) + "  (\(hidden) lines folded: Enter)"
            }
            let depth = line.prefix { $0 == " " }.count
            let style = i == outline.selected ? Style(.highlight, reverse: true) : Style.normal
            for r in Paragraph.rows(StyledLine(line, style, hang: depth + 4), width: inner.width) { rows.append((r, i)) }
        }
        // Keep the selection in view.
        let firstOfSelected = rows.firstIndex { $0.line == outline.selected } ?? 0
        let top = max(0, min(firstOfSelected - inner.height / 2, rows.count - inner.height))
        for (y, row) in rows[top..<min(rows.count, top + inner.height)].enumerated() {
            for (x, cell) in row.cells.enumerated() { b[inner.x + x, inner.y + y] = cell }
        }
    }
}
