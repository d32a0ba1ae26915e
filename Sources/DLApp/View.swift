import DLTerminal
import DLLessons
import DLNN
import TextFormat

/// Draws the whole screen from the state, into a buffer (the backend diffs
/// and writes it). Pure, so every screen can be snapshot-tested as text.
public enum View {
    public static let minWidth = 60, minHeight = 15
    /// From this width the panels stand beside the notebook, all three at once.
    static let wideWidth = 100

    public static func render(_ s: AppState, width: Int, height: Int) -> Buffer {
        var b = Buffer(width: width, height: height)
        let glyphs = s.unicode ? Glyphs.unicode : Glyphs.ascii
        guard width >= minWidth, height >= minHeight else {
            TooSmall(minWidth: minWidth, minHeight: minHeight, style: Style(.highlight, bold: true)).render(b.area, &b)
            return b
        }
        let rows = Layout.split(b.area, .vertical, [.fill(1), .fixed(1), .fixed(1)])
        let (main, inputRow, statusRow) = (rows[0], rows[1], rows[2])
        var lessonCut = false
        let narrow = width < wideWidth
        if s.training != nil && !narrow {
            let columns = Layout.split(main, .horizontal, [.ratio(1, 2), .fill(1)])
            lessonCut = notebookWithLesson(s, columns[0], &b, glyphs)
            panels(s, columns[1], &b, glyphs)
        } else if let t = s.training {
            // Too narrow for three panels: one below the notebook, F8 for the
            // next; the lesson's step is one of them, shown above the notebook.
            let more = s.narrowPanels.count > 1
            if s.narrowPanel == .lesson && s.lesson != nil {
                lessonCut = notebookWithLesson(s, main, &b, glyphs, more: more)
            } else {
                let rows = Layout.split(main, .vertical, [.fill(1), .fixed(max(7, main.height * 9 / 20))])
                notebook(s, rows[0], &b, glyphs)
                let m = s.scrubbed
                switch s.narrowPanel {
                case _ where t.trackedOnly: chart(s, t, rows[1], &b, glyphs, more: more)
                case .model: modelTable(t, m?.layers ?? t.layers, rows[1], &b, glyphs, more: true)
                case .boundary where (m?.boundary ?? t.boundary) != nil:
                    boundary((m?.boundary ?? t.boundary)!, rows[1], &b, glyphs, monochrome: s.monochrome, more: true)
                case .neurons where (m?.neurons ?? t.neurons) != nil:
                    neurons((m?.neurons ?? t.neurons)!, rows[1], &b, glyphs, more: true)
                case .layers where !(m?.traces ?? t.traces).isEmpty:
                    layers(m?.traces ?? t.traces, rows[1], &b, glyphs, more: true)
                case .loss, .boundary, .neurons, .layers, .lesson: chart(s, t, rows[1], &b, glyphs, more: more)
                }
            }
        } else {
            lessonCut = notebookWithLesson(s, main, &b, glyphs)
        }
        input(s, inputRow, &b)
        StatusBar(items: statusItems(s, width: width, lessonCut: lessonCut, narrow: narrow), style: Style(.status), glyphs: glyphs).render(statusRow, &b)
        if let inspector = s.inspector {
            InspectorView.render(inspector, main, &b, glyphs)
        }
        if s.showHelp {
            Overlay(title: "keys", lines: HelpText.lines, glyphs: glyphs).render(main, &b)
        }
        if !s.unicode { asciiOnly(&b) }
        return b
    }

    /// Where the locale is not UTF-8 every cell must be ASCII, text included
    /// (·, ∇, ↑ in labels), not just the plots and borders.
    static func asciiOnly(_ b: inout Buffer) {
        for y in 0..<b.height {
            for x in 0..<b.width where !b[x, y].character.isASCII {
                b[x, y].character = b[x, y].character == "∇" ? "d" : Palette.ascii(b[x, y].character)
            }
        }
    }

    /// The lesson's step above the notebook; true when its text is longer than its pane.
    @discardableResult
    static func notebookWithLesson(_ s: AppState, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs, more: Bool = false) -> Bool {
        guard let pane = s.lesson else { notebook(s, area, &b, glyphs); return false }
        let (rest, cut) = LessonPaneView.render(pane, area, &b, glyphs, scroll: s.lessonScroll, more: more)
        notebook(s, rest, &b, glyphs)
        return cut
    }

    /// The keys that matter now, most important first; those that do not
    /// fit the width are left out (F1 lists them all).
    static func statusItems(_ s: AppState, width: Int = 10_000, lessonCut: Bool = false, narrow: Bool = false) -> [String] {
        if let status = s.status { return [status] }
        switch s.inspector {
        case .backprop?: return ["← p back", "n next →", "enter expand", "q leave"]
        case .graph?: return ["↑ ↓ move", "Enter fold", "q leave"]
        case nil: break
        }
        if s.offeringRestore { return ["y yes, bring it back", "n no, start empty"] }
        var panel = narrow && s.training != nil && s.narrowPanels.count > 1 ? ["F8 " + (s.narrowPanel == .lesson ? "chart" : "next panel")] : []
        if !narrow && s.widePanels.count > 1 { panel = ["F8 next panel"] }
        if s.canScrub, let t = s.training {
            // Long fits keep every 2nd, 4th, … epoch (at most 200): say so.
            let kept = t.keptEpochs
            let thinned = kept.count >= 2 && kept[1] - kept[0] > 1 ? " (every \(kept[1] - kept[0]) kept)" : ""
            let at = s.scrubEpoch.map { $0 == 0 ? "before training\(thinned) · " : "epoch \($0) of \(t.trainLoss.count)\(thinned) · " } ?? ""
            panel.insert(at + (s.scrub == nil ? "Ctrl-← epochs" : "Ctrl-← → epochs"), at: 0)
        }
        let scroll = lessonCut ? [s.unicode ? "Ctrl-↑↓ step text" : "Ctrl-Up/Down step text"] : []
        var items: [String]
        if s.waitingInspector != nil {
            items = ["Enter: open the backward pass"] + scroll + ["F1 help"]
        } else if s.isFitting, let t = s.training {
            items = [t.paused ? "F9 resume" : "F9 pause", "Esc stop", "F10 log scale"] + panel + scroll + ["F1 help"]
            if let lr = t.learningRate { items.insert("lr " + NumberFormat.readable(lr), at: 0) }
        } else if s.running != nil {
            items = ["running · Esc stop"] + panel + scroll + ["PgUp/PgDn scroll", "F1 help"]
        } else if s.lesson.map({ !$0.complete }) == true {
            items = ["F3 hint", "F4 solution", "F5 skip", "F6/F7 back/next"] + scroll + panel + ["F1 help", "Ctrl-D quit"]
        } else {
            items = ["F1 help"] + panel + ["PgUp/PgDn scroll", "Tab complete", "Ctrl-S save", "Ctrl-D quit"]
        }
        while items.count > 1, items.joined(separator: " · ").count > width { items.removeLast() }
        return items
    }

    // MARK: - Notebook column

    static func notebook(_ s: AppState, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) {
        let title = "dlrepl · " + (s.notebookPath.map { ($0.split(separator: "/").last).map(String.init) ?? $0 } ?? "notebook")
        let box = Box(title: title, glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        Paragraph(lines: notebookLines(s, glyphs, width: inner.width), scrollFromBottom: s.scroll).render(inner, &b)
    }

    static let gutter = 5

    /// Wraps `text` to `width` columns, breaking at a space where one is near,
    /// so continuation lines can keep the cell's indent.
    /// On an array of characters: counting a Substring's characters walks it,
    /// and doing so once per row made a 1 MB output line take 40 s to open.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0, text.utf8.count > width else { return [text] }
        let chars = Array(text)
        guard chars.count > width else { return [text] }
        var out: [String] = []
        var start = 0
        while chars.count - start > width {
            var cut = start + width - 1
            while cut > start + width / 2 && chars[cut] != " " { cut -= 1 }
            if chars[cut] == " " && cut > start + width / 2 {
                out.append(String(chars[start..<cut]))
                start = cut + 1
            } else {
                out.append(String(chars[start..<(start + width)]))
                start += width
            }
        }
        out.append(String(chars[start...]))
        return out
    }

    static func notebookLines(_ s: AppState, _ glyphs: Glyphs, width: Int = 10_000) -> [StyledLine] {
        let room = max(10, width - gutter)
        var lines: [StyledLine] = []
        var number = 0
        for (i, cell) in s.notebook.cells.enumerated() {
            if cell.isProse {
                for l in cell.source.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(StyledLine(String(l), Style(.dim))) }
                continue
            }
            number += 1
            let (mark, markStyle): (String, Style) = {
                if s.running == i { return ("*", Style(.accent, bold: true)) }
                if s.queued.contains(i) { return ("…", Style(.dim)) }
                switch cell.state {
                case .ran: return (" ", Style(.accent))
                case .failed: return ("!", Style(.error, bold: true))
                case .stale, .notRun: return ("~", Style(.stale))
                }
            }()
            let label = "[\(number)]\(mark)"
            let codeStyle = cell.state == .stale || cell.state == .notRun ? Style(.stale) : Style.normal
            for (k, l) in cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for (w, piece) in wrap(String(l), room).enumerated() {
                    let g = k == 0 && w == 0 ? label.padded(to: gutter) : String(repeating: " ", count: gutter)
                    lines.append(StyledLine(spans: [(g, markStyle), (piece, codeStyle)]))
                }
            }
            var output = cell.output
            while output.hasSuffix("\n") { output.removeLast() }
            if !output.isEmpty {
                var offset = 0
                for l in output.split(separator: "\n", omittingEmptySubsequences: false) {
                    let inError = cell.errors.contains { $0.contains(offset) }
                    defer { offset += l.utf8.count + 1 }
                    let end = offset + l.utf8.count
                    if !s.monochrome, hasTint(cell.tints, offset, end) {
                        // A picture's line: clipped, not wrapped, so its cells keep their colours.
                        lines.append(tinted(String(l), from: offset, cell.tints, gutter: gutter, room: room))
                        continue
                    }
                    for piece in wrap(String(l), room) {
                        lines.append(StyledLine(spans: [(String(repeating: " ", count: gutter), .normal),
                                                        (piece, inError ? Style(.error) : Style(.dim))]))
                    }
                }
            }
            if s.running == i, let t = s.training, !t.finished, !t.trackedOnly {
                lines.append(contentsOf: progressLines(t, glyphs))
            }
        }
        if lines.isEmpty, let offer = s.courseOffer {
            lines = [StyledLine(offer.text, Style(.highlight, bold: true)),
                     StyledLine("Or type a statement below for a free notebook; lessons() lists the course, help() the builtins.", Style(.dim))]
        } else if lines.isEmpty {
            lines = [StyledLine("Type a statement below and press Enter; help() lists the builtins.", Style(.dim)),
                     StyledLine("For example:  data = dataset(\"moons\", n: 400, noise: 0.1, seed: 1)", Style(.dim))]
        }
        return lines
    }

    /// The first tint that ends after `offset` (tints are in output order).
    static func firstTint(_ tints: [Notebook.Tint], endingAfter offset: Int) -> Int {
        var lo = 0, hi = tints.count
        while lo < hi { let mid = (lo + hi) / 2; if tints[mid].range.upperBound <= offset { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Whether a tint overlaps offsets start..<end.
    static func hasTint(_ tints: [Notebook.Tint], _ start: Int, _ end: Int) -> Bool {
        let k = firstTint(tints, endingAfter: start)
        return start < end && k < tints.count && tints[k].range.lowerBound < end
    }

    /// One line of a picture with its cells coloured by level: orange for
    /// positive, blue for negative (the shade says how much).
    static func tinted(_ line: String, from offset: Int, _ tints: [Notebook.Tint], gutter: Int, room: Int) -> StyledLine {
        var spans: [(String, Style)] = [(String(repeating: " ", count: gutter), .normal)]
        var at = offset
        // From the first tint that ends after this line starts, walk along with the characters.
        var k = firstTint(tints, endingAfter: offset)
        for ch in line.prefix(room) {
            while k < tints.count, tints[k].range.upperBound <= at { k += 1 }
            let level = k < tints.count && tints[k].range.contains(at) ? tints[k].level : nil
            let style = level.map { Style($0 > 0 ? .positive : $0 < 0 ? .negative : .normal) } ?? Style(.dim)
            if let last = spans.last, last.1 == style, spans.count > 1 {
                spans[spans.count - 1].0.append(ch)
            } else {
                spans.append((String(ch), style))
            }
            at += String(ch).utf8.count
        }
        return StyledLine(spans: spans)
    }

    static func progressLines(_ t: TrainingSnapshot, _ glyphs: Glyphs) -> [StyledLine] {
        let fraction = t.steps > 0 ? Double(t.step) / Double(t.steps) : 0
        var bar = Buffer(width: 24, height: 1)
        ProgressBar(fraction: fraction, glyphs: glyphs).render(bar.area, &bar)
        var first = "epoch \(t.epoch)/\(t.epochs) " + bar.lines()[0]
        if let l = t.runningLoss ?? t.trainLoss.last { first += "  loss \(EvaluationText.f3(l))" }
        var second: [String] = []
        if let m = t.metric { second.append("\(t.metricName == "accuracy" ? "acc" : t.metricName) \(EvaluationText.f3(m))") }
        if let lr = t.learningRate { second.append("lr \(NumberFormat.readable(lr))") }
        if let r = t.stepsPerSecond { second.append("\(NumberFormat.count(r)) steps/s") }
        if let left = t.secondsLeft { second.append("ETA \(NumberFormat.clock(left))") }
        if t.paused { second.append("paused · F9 resumes") }
        return [StyledLine(spans: [("     ", .normal), (first, Style(.accent))]),
                StyledLine(spans: [("     ", .normal), (second.joined(separator: "  ·  "), Style(t.paused ? .highlight : .dim))])]
    }

    // MARK: - Right column

    /// The chart, the model table and one more panel (F8: the boundary, the
    /// neuron maps or the layers over time), as they were at the moment the
    /// learner moved back to, if any.
    static func panels(_ s: AppState, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) {
        guard let t = s.training else { return }
        if t.trackedOnly { return chart(s, t, area, &b, glyphs) }
        let m = s.scrubbed
        let rows = m?.layers ?? t.layers
        let tableHeight = min(rows.count + 5, max(area.height / 3, 6))  // + header, total, legend, borders
        let bottom = s.shownWidePanel
        let more = s.widePanels.count > 1
        let parts = Layout.split(area, .vertical,
                                 bottom != nil ? [.fill(1), .fixed(tableHeight), .fill(1)] : [.fill(1), .fixed(tableHeight)])
        chart(s, t, parts[0], &b, glyphs)
        modelTable(t, rows, parts[1], &b, glyphs)
        switch bottom {
        case .boundary?: if let g = m?.boundary ?? t.boundary { boundary(g, parts[2], &b, glyphs, monochrome: s.monochrome, more: more) }
        case .neurons?: if let n = m?.neurons ?? t.neurons { neurons(n, parts[2], &b, glyphs, more: more) }
        case .layers?: layers(m?.traces ?? t.traces, parts[2], &b, glyphs, more: more)
        case nil: break
        }
    }

    /// A panel's title; in the narrow layout it says how to reach the others.
    static func title(_ name: String, more: Bool) -> String { more ? name + " · F8 next panel" : name }

    /// The colours of tracked series, in the order their names appeared.
    static let trackedStyles: [Role] = [.train, .validation, .positive, .negative, .accent, .highlight]

    static func chart(_ s: AppState, _ t: TrainingSnapshot, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs, more: Bool = false) {
        if t.trackedOnly {
            let box = Box(title: title(s.logScale ? "tracked (log)" : "tracked", more: more), glyphs: glyphs)
            box.render(area, &b)
            let series = t.tracked.enumerated().map { i, line in
                ChartSeries(name: line.name, values: line.values, style: Style(trackedStyles[i % trackedStyles.count]),
                            dashed: i >= trackedStyles.count)
            }
            LineChart(series: series, xLabel: "step", logScale: s.logScale, glyphs: glyphs).render(box.inner(area), &b)
            return
        }
        var name = s.logScale ? "loss (log)" : "loss"
        let moment = s.scrubbed
        if let moment { name += moment.epoch == 0 ? " · before training" : " · epoch \(moment.epoch) of \(t.trainLoss.count)" }
        let box = Box(title: title(name, more: more), glyphs: glyphs)
        box.render(area, &b)
        var train = t.trainLoss
        if let running = t.runningLoss, !t.finished { train.append(running) }
        let series = [ChartSeries(name: "train", values: train, style: Style(.train), dashed: false),
                      ChartSeries(name: "val", values: t.validationLoss, style: Style(.validation), dashed: true)]
        var chart = LineChart(series: series.filter { !$0.values.isEmpty || $0.name == "train" }, xLabel: "epoch",
                              logScale: s.logScale, glyphs: glyphs)
        // Epoch k's loss is point k - 1; before training, the start of the axis.
        chart.marker = moment.map { max(0, $0.epoch - 1) }
        chart.render(box.inner(area), &b)
    }

    /// The model panel's columns, most important first: when the panel is
    /// narrow, columns are dropped from the end of this list.
    static let modelColumns: [(header: String, alignment: Alignment, priority: Int)] = [
        ("#", .right, 6), ("layer", .left, 0), ("out", .left, 5), ("params", .right, 4),
        ("|W|", .right, 2), ("|∇W|", .right, 1), ("upd/W", .right, 3), ("act", .left, 7),
    ]

    static func modelTable(_ t: TrainingSnapshot, _ layers: [LayerRow], _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs, more: Bool = false) {
        let box = Box(title: title("model \(t.modelName)", more: more), glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        let dash = glyphs.unicode ? "—" : "-"
        var rows = layers.map { l -> [String] in
            [String(l.index), l.kind, l.output, ModelSummary.grouped(l.params),
             l.weightNorm.map { EvaluationText.f3($0) } ?? dash,
             l.gradNorm.map { EvaluationText.f3($0) } ?? dash,
             l.updateRatio.map { NumberFormat.compact($0) } ?? dash,
             l.activity ?? ""]
        }
        let total = layers.reduce(0) { $0 + $1.params }
        rows.append(["", "total", "", ModelSummary.grouped(total), "", "", "", ""])
        // Keep the columns that fit whole, in priority order.
        let widths = modelColumns.indices.map { c in rows.reduce(modelColumns[c].header.count) { max($0, $1[c].count) } }
        var kept = Set(modelColumns.indices)
        for c in modelColumns.indices.sorted(by: { modelColumns[$0].priority > modelColumns[$1].priority }) {
            guard kept.count > 2, kept.reduce(0, { $0 + widths[$1] + Table.columnGap }) - Table.columnGap > inner.width else { break }
            kept.remove(c)
        }
        let columns = modelColumns.indices.filter { kept.contains($0) }
        let legend = columns.contains(5) && inner.height >= rows.count + 2
        let tableArea = legend ? Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1) : inner
        Table(header: columns.map { modelColumns[$0].header }, rows: rows.map { r in columns.map { r[$0] } },
              alignments: columns.map { modelColumns[$0].alignment },
              headerStyle: Style(.title, bold: true), style: .normal).render(tableArea, &b)
        if legend {
            let text = ["|∇W| gradient norm · upd/W last step's update ÷ |W| · F1 more", "|∇W| grad norm · upd/W step ÷ |W| · F1", "F1 explains the columns"]
                .first { $0.count <= inner.width } ?? ""
            b.put(text, x: inner.x, y: inner.maxY - 1, style: Style(.dim), maxWidth: inner.width)
        }
    }

    static func boundary(_ g: BoundaryGrid, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs,
                         monochrome: Bool, more: Bool = false) {
        let box = Box(title: title("decision boundary", more: more), glyphs: glyphs)
        box.render(area, &b)
        let inner = box.inner(area)
        // Resample the grid to the cells available (two pixels per cell vertically).
        let cols = max(1, inner.width), rows = max(1, inner.height * 2)
        var values = [Float](repeating: 0, count: cols * rows)
        for r in 0..<rows {
            for c in 0..<cols {
                let gr = min(g.rows - 1, r * g.rows / rows), gc = min(g.columns - 1, c * g.columns / cols)
                values[r * cols + c] = g.values[gr * g.columns + gc]
            }
        }
        Heatmap(columns: cols, rows: inner.height, values: values,
                points: g.points.map { HeatPoint(x: $0.x, y: $0.y, cls: $0.cls) },
                glyphs: glyphs, shades: monochrome).render(inner, &b)
    }

    // MARK: - Input line

    static func input(_ s: AppState, _ area: Rect, _ b: inout Buffer) {
        if s.offeringRestore {
            b.put("restore the unsaved session? (y/n) ", x: area.x, y: area.y, style: Style(.highlight, bold: true))
            return
        }
        let x = b.put(s.prompt, x: area.x, y: area.y, style: Style(.accent, bold: true))
        // Long lines scroll so the cursor stays visible.
        let room = max(1, area.width - (x - area.x) - 1)
        let start = max(0, s.inputCursor - room + 1)
        let visible = String(Array(s.inputLine).dropFirst(start).prefix(room))
        b.put(visible, x: x, y: area.y)
        if !s.completions.isEmpty {
            let hint = "  " + s.completions.prefix(8).joined(separator: " ")
            b.put(hint, x: x + visible.count, y: area.y, style: Style(.dim), maxWidth: area.maxX - x - visible.count)
        }
    }

    /// Where the terminal cursor goes: after the prompt, at the input cursor.
    public static func cursor(_ s: AppState, width: Int, height: Int) -> (x: Int, y: Int)? {
        guard width >= minWidth, height >= minHeight, !s.offeringRestore else { return nil }
        let room = max(1, width - s.prompt.count - 1)
        return (s.prompt.count + min(s.inputCursor, room - 1), height - 2)
    }

}

extension String {
    func padded(to n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
