import Testing
@testable import DLTerminal

/// Writes `changes` over `old` the way a backend would.
func apply(_ changes: [Change], to old: Buffer) -> Buffer {
    var b = old
    for change in changes {
        var x = change.x
        for ch in change.text { b[x, change.y] = Cell(ch, change.style); x += 1 }
    }
    return b
}

@Suite struct FrameDiffTests {
    @Test func noChangeNoRuns() {
        var b = Buffer(width: 10, height: 3)
        b.put("hello", x: 1, y: 1, style: Style(.accent))
        #expect(FrameDiff.changes(from: b, to: b).isEmpty)
    }

    @Test func oneCellOneRun() {
        let old = Buffer(width: 10, height: 3)
        var new = old
        new[3, 1] = Cell("X")
        #expect(FrameDiff.changes(from: old, to: new) == [Change(x: 3, y: 1, text: "X", style: .normal)])
    }

    @Test func styleSplitsRuns() {
        let old = Buffer(width: 6, height: 1)
        var new = old
        new.put("ab", x: 0, y: 0, style: Style(.train))
        new.put("cd", x: 2, y: 0, style: Style(.validation))
        new.put("e", x: 4, y: 0, style: Style(.train, bold: true))
        #expect(FrameDiff.changes(from: old, to: new) == [
            Change(x: 0, y: 0, text: "ab", style: Style(.train)),
            Change(x: 2, y: 0, text: "cd", style: Style(.validation)),
            Change(x: 4, y: 0, text: "e", style: Style(.train, bold: true)),
        ])
    }

    @Test func shortGapsAreBridgedLongOnesSkipped() {
        var old = Buffer(width: 12, height: 1)
        old.put("abcdefghijkl", x: 0, y: 0)
        var new = old
        new[0, 0] = Cell("X"); new[4, 0] = Cell("Y")     // 3 unchanged between: one run
        new[9, 0] = Cell("Z")                             // 4 unchanged before it: its own run
        #expect(FrameDiff.changes(from: old, to: new) == [
            Change(x: 0, y: 0, text: "XbcdY", style: .normal),
            Change(x: 9, y: 0, text: "Z", style: .normal),
        ])
        // A run never ends on an unchanged cell, nor crosses rows.
        var two = Buffer(width: 3, height: 2)
        two[2, 0] = Cell("A"); two[0, 1] = Cell("B")
        #expect(FrameDiff.changes(from: Buffer(width: 3, height: 2), to: two) == [
            Change(x: 2, y: 0, text: "A", style: .normal),
            Change(x: 0, y: 1, text: "B", style: .normal),
        ])
    }

    @Test func fullRepaintOnNilOrSizeChange() {
        var new = Buffer(width: 3, height: 2)
        new.put("ab", x: 0, y: 0)
        new[2, 0] = Cell("c", Style(.accent))
        let expected = [
            Change(x: 0, y: 0, text: "ab", style: .normal),
            Change(x: 2, y: 0, text: "c", style: Style(.accent)),
            Change(x: 0, y: 1, text: "   ", style: .normal),
        ]
        #expect(FrameDiff.changes(from: nil, to: new) == expected)
        #expect(FrameDiff.changes(from: Buffer(width: 2, height: 2), to: new) == expected)
        #expect(FrameDiff.changes(from: Buffer(width: 3, height: 3), to: new) == expected)
        #expect(FrameDiff.changes(from: nil, to: Buffer(width: 0, height: 0)).isEmpty)
    }

    @Test func applyingChangesReproducesTheNewFrame() {
        var rng = TestRNG(state: 2024)
        let alphabet: [Character] = ["a", "b", " ", "─", "⣿", "é", "•"]
        let styles = [Style(.normal), Style(.accent), Style(.train, bold: true), Style(.dim, reverse: true)]
        func randomCell() -> Cell { Cell(alphabet.randomElement(using: &rng)!, styles.randomElement(using: &rng)!) }
        for round in 0..<300 {
            let w = Int.random(in: 1...30, using: &rng), h = Int.random(in: 1...6, using: &rng)
            var old = Buffer(width: w, height: h)
            for y in 0..<h { for x in 0..<w { old[x, y] = randomCell() } }
            var new = old
            let edits = [0, 1, 3, w * h / 4, w * h][round % 5]
            for _ in 0..<edits { new[Int.random(in: 0..<w, using: &rng), Int.random(in: 0..<h, using: &rng)] = randomCell() }
            let changes = FrameDiff.changes(from: old, to: new)
            #expect(apply(changes, to: old) == new)
            if old == new { #expect(changes.isEmpty) }
            for c in changes {
                let cells = (0..<c.text.count).map { new[c.x + $0, c.y] }
                #expect(c.x + c.text.count <= w)
                #expect(cells.allSatisfy { $0.style == c.style })                // one style per run
                #expect(old[c.x, c.y] != new[c.x, c.y])                         // starts on a change
                #expect(old[c.x + c.text.count - 1, c.y] != new[c.x + c.text.count - 1, c.y])  // and ends on one
            }
            // A repaint from nothing also reproduces it, over any old frame.
            #expect(apply(FrameDiff.changes(from: nil, to: new), to: Buffer(width: w, height: h)) == new)
        }
    }
}

@Suite struct BufferTests {
    @Test func rectsOutsideDoNotTrap() {
        var b = Buffer(width: 4, height: 2)
        b.fill(Rect(x: 10, y: 10, width: 3, height: 3), Cell("x"))
        b.fill(Rect(x: -5, y: -5, width: 3, height: 3), Cell("x"))
        b.setStyle(Rect(x: 2, y: 5, width: 9, height: 9), Style(.accent))
        #expect(b == Buffer(width: 4, height: 2))
        b.fill(Rect(x: 3, y: -1, width: 5, height: 2), Cell("x"))
        #expect(b.lines() == ["   x", "    "])
        #expect(b[9, 9] == .blank)
    }

    @Test func onlySingleWidthCharactersPass() {
        var b = Buffer(width: 9, height: 1)
        b.put("a中⭐e\u{301}─⣿\t", x: 0, y: 0)
        b.put("\u{301}", x: 7, y: 0)      // a lone combining mark
        b.put("\u{200D}", x: 8, y: 0)     // zero-width joiner
        #expect(b.lines() == ["a???─⣿ ??"])
        // A lone combining mark must not merge with the cell before it in a diff.
        #expect(FrameDiff.changes(from: nil, to: b).first?.text.count == 9)
    }

    @Test func putStopsAtNewline() {
        var b = Buffer(width: 6, height: 1)
        #expect(b.put("ab\ncd", x: 1, y: 0) == 3)
        #expect(b.put("xy\r\nz", x: 4, y: 0) == 6)
        #expect(b.lines() == [" ab xy"])
    }
}
