/// A run of same-style cells to write at (x, y).
public struct Change: Equatable, Sendable {
    public let x: Int
    public let y: Int
    public let text: String
    public let style: Style
}

public enum FrameDiff {
    /// Unchanged cells of the run's style that a run may swallow to join the
    /// changed cells after them: rewriting up to this many costs fewer bytes
    /// than the cursor move needed to skip them.
    static let maxGap = 3

    /// What to write to turn `old` into `new`: runs of changed cells, row by
    /// row, split where the style changes. A nil or differently sized `old`
    /// repaints everything.
    ///
    /// Every changed cell is in exactly one run; a run starts and ends on a
    /// changed cell, holds cells of one style only, and may include short
    /// gaps (at most `maxGap`) of unchanged cells between changed ones.
    public static func changes(from old: Buffer?, to new: Buffer) -> [Change] {
        let width = new.width
        let previous: [Cell]? = old.flatMap { $0.width == new.width && $0.height == new.height ? $0.cells : nil }
        let cells = new.cells
        var out: [Change] = []
        for y in 0..<new.height {
            let row = y * width
            @inline(__always) func changed(_ x: Int) -> Bool {
                guard let previous else { return true }
                return previous[row + x] != cells[row + x]
            }
            var x = 0
            while x < width {
                guard changed(x) else { x += 1; continue }
                let style = cells[row + x].style
                var end = x + 1      // one past the last changed cell of the run
                var probe = x + 1
                while probe < width, cells[row + probe].style == style {
                    if changed(probe) {
                        end = probe + 1
                    } else if probe - end + 1 > maxGap {
                        break
                    }
                    probe += 1
                }
                var text = ""
                text.reserveCapacity(end - x)
                for i in (row + x)..<(row + end) { text.append(cells[i].character) }
                out.append(Change(x: x, y: y, text: text, style: style))
                x = end
            }
        }
        return out
    }
}
