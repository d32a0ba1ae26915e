/// A run of same-style cells to write at (x, y).
public struct Change: Equatable, Sendable {
    public let x: Int
    public let y: Int
    public let text: String
    public let style: Style
}

public enum FrameDiff {
    /// What to write to turn `old` into `new`: runs of changed cells, row by
    /// row, split where the style changes. A nil or differently sized `old`
    /// repaints everything.
    public static func changes(from old: Buffer?, to new: Buffer) -> [Change] {
        let full = old == nil || old!.width != new.width || old!.height != new.height
        var out: [Change] = []
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                let i = y * new.width + x
                if !full && old!.cells[i] == new.cells[i] { x += 1; continue }
                let style = new.cells[i].style
                var text = ""
                var end = x
                // Extend over changed cells of the same style (and short runs of
                // unchanged ones, which cost less to rewrite than to skip).
                while end < new.width {
                    let j = y * new.width + end
                    let changed = full || old!.cells[j] != new.cells[j]
                    if new.cells[j].style != style { break }
                    if !changed {
                        var gap = end
                        while gap < new.width && gap - end < 4 {
                            let k = y * new.width + gap
                            if full || old!.cells[k] != new.cells[k] || new.cells[k].style != style { break }
                            gap += 1
                        }
                        if gap == new.width || gap - end >= 4 || new.cells[y * new.width + gap].style != style { break }
                    }
                    text.append(new.cells[j].character)
                    end += 1
                }
                out.append(Change(x: x, y: y, text: text, style: style))
                x = end
            }
        }
        return out
    }
}
