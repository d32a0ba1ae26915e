import DLLessons
import DLTerminal

/// The open lesson's step, drawn above the notebook: the step line, its text,
/// the hints asked for so far and the last ✓ / ✗ line.
enum LessonPaneView {
    /// The rows the pane wants for this width (borders included).
    static func lines(_ pane: LessonPane, width: Int) -> [StyledLine] {
        var out = [StyledLine(pane.stepLine, Style(.title, bold: true))]
        for l in StepText.paragraphs(pane.lines) {
            if l.hasPrefix("  ") {
                // Code and options keep their indent on continuation lines.
                let indent = String(l.prefix(while: { $0 == " " }))
                let style = l.hasPrefix("    ") ? Style(.accent) : Style.normal
                for (k, piece) in View.wrap(String(l.dropFirst(indent.count)), max(10, width - indent.count)).enumerated() {
                    out.append(StyledLine((k == 0 ? indent : indent + "  ") + piece, style))
                }
            } else {
                for piece in View.wrap(l, width) { out.append(StyledLine(piece, .normal)) }
            }
        }
        for (k, h) in pane.hints.enumerated() {
            for piece in View.wrap("hint \(k + 1): " + StepText.inline(h), width) { out.append(StyledLine(piece, Style(.highlight))) }
        }
        return out
    }

    static func feedbackLines(_ pane: LessonPane, width: Int) -> [StyledLine] {
        guard let f = pane.feedback else { return [] }
        let style = f.hasPrefix("✓") ? Style(.positive, bold: true) : Style(.error)
        return View.wrap(f, width).map { StyledLine($0, style) }
    }

    /// The pane's rows for `area`: the window of the body shown (from `scroll`),
    /// the feedback, and whether the body is longer than the pane.
    static func layout(_ pane: LessonPane, _ area: Rect, scroll: Int, unicode: Bool = true) -> (shown: [StyledLine], cut: Bool, maxScroll: Int) {
        let inner = max(10, area.width - 2)
        var body = lines(pane, width: inner)
        let feedback = feedbackLines(pane, width: inner)
        // The notebook keeps at least 6 rows (its box and four lines of cells).
        let room = max(3, area.height - 6 - 2)
        // Too long: blank lines go first; then the text scrolls (Ctrl-↑ ↓),
        // with a line saying where the rest is.
        if body.count + feedback.count > room { body = body.filter { line in !line.spans.allSatisfy { $0.0.allSatisfy { $0 == " " } } } }
        var cut = false, maxScroll = 0
        if body.count + feedback.count > room {
            cut = true
            // The step's line stays; the text below it scrolls.
            let head = body.removeFirst()
            let window = max(1, room - min(feedback.count, room / 2) - 2)
            maxScroll = max(0, body.count - window)
            let top = min(max(0, scroll), maxScroll)
            let below = body.count - top - window
            let where_ = "lines \(top + 1)–\(top + window) of \(body.count)"
            let (down, up) = unicode ? ("▼ Ctrl-↓ more", "▲ Ctrl-↑ back") : ("v Ctrl-Down more", "^ Ctrl-Up back")
            let more = below > 0 ? down + " · " + where_ + (top > 0 ? " · " + up.dropFirst(2) : "") : up + " · " + where_
            body = [head] + Array(body[top..<(top + window)]) + [StyledLine(more, Style(.dim))]
        }
        // A ✓ belongs to the step just finished, so it comes before the new step's line; a ✗ after the text.
        let passed = pane.feedback?.hasPrefix("✓") == true
        return (Array((passed ? feedback + body : body + feedback).prefix(room)), cut, maxScroll)
    }

    /// Splits `area` into the pane and what is left for the notebook.
    /// `more`: the pane is one of the panels F8 cycles through.
    static func render(_ pane: LessonPane, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs,
                       scroll: Int = 0, more: Bool = false) -> (rest: Rect, cut: Bool) {
        let (shown, cut, _) = layout(pane, area, scroll: scroll, unicode: glyphs.unicode)
        let height = shown.count + 2
        let parts = Layout.split(area, .vertical, [.fixed(height), .fill(1)])
        let box = Box(title: View.title(pane.header, more: more), glyphs: glyphs)
        box.render(parts[0], &b)
        Paragraph(lines: shown, scrollFromBottom: 0).render(box.inner(parts[0]), &b)
        return (parts[1], cut)
    }
}
