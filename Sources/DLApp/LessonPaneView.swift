import DLLessons
import DLTerminal

/// The open lesson's step, drawn above the notebook: the step line, its text,
/// the hints asked for so far and the last ✓ / ✗ line.
enum LessonPaneView {
    /// The rows the pane wants for this width (borders included).
    static func lines(_ pane: LessonPane, width: Int) -> [StyledLine] {
        var out = [StyledLine(pane.stepLine, Style(.title, bold: true))]
        for l in pane.lines {
            for piece in View.wrap(l, width) { out.append(StyledLine(piece, l.hasPrefix("    ") ? Style(.accent) : .normal)) }
        }
        for (k, h) in pane.hints.enumerated() {
            for piece in View.wrap("hint \(k + 1): " + h, width) { out.append(StyledLine(piece, Style(.highlight))) }
        }
        return out
    }

    static func feedbackLines(_ pane: LessonPane, width: Int) -> [StyledLine] {
        guard let f = pane.feedback else { return [] }
        let style = f.hasPrefix("✓") ? Style(.positive, bold: true) : Style(.error)
        return View.wrap(f, width).map { StyledLine($0, style) }
    }

    /// Splits `area` into the pane and what is left for the notebook.
    static func render(_ pane: LessonPane, _ area: Rect, _ b: inout Buffer, _ glyphs: Glyphs) -> Rect {
        let inner = max(10, area.width - 2)
        let body = lines(pane, width: inner), feedback = feedbackLines(pane, width: inner)
        // The notebook keeps at least 5 rows; the pane at most about 60% of the column.
        let most = max(4, min(area.height - 5, area.height * 3 / 5))
        let height = min(most, body.count + feedback.count + 2)
        let parts = Layout.split(area, .vertical, [.fixed(height), .fill(1)])
        let box = Box(title: pane.header, glyphs: glyphs)
        box.render(parts[0], &b)
        let room = max(0, height - 2)
        // When it does not fit, the text is cut, never the ✓ / ✗ line.
        let kept = Array(body.prefix(max(0, room - feedback.count))) + feedback.suffix(room)
        Paragraph(lines: Array(kept.prefix(room)), scrollFromBottom: 0).render(box.inner(parts[0]), &b)
        return parts[1]
    }
}
