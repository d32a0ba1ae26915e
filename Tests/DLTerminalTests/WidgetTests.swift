import Testing
@testable import DLTerminal

@Suite struct BoxTests {
    @Test func titleInTopEdge() {
        #expect(draw(Box(title: "loss", glyphs: .unicode), 12, 3) == [
            "┌ loss ────┐",
            "│          │",
            "└──────────┘",
        ])
        #expect(draw(Box(title: "loss", glyphs: .ascii), 12, 3) == [
            "+ loss ----+",
            "|          |",
            "+----------+",
        ])
        #expect(draw(Box(title: "", glyphs: .unicode), 4, 2) == ["┌──┐", "└──┘"])
    }

    @Test func longTitleIsCut() {
        #expect(draw(Box(title: "decision boundary", glyphs: .unicode), 12, 3)[0] == "┌ decisi… ─┐")
        #expect(draw(Box(title: "decision boundary", glyphs: .ascii), 12, 3)[0] == "+ decisi~ -+")
    }

    @Test func stylesAndInner() {
        let box = Box(title: "ab", glyphs: .unicode)
        let b = buffer(box, 8, 4)
        #expect(b[0, 0].style == Style(.border))
        #expect(b[2, 0].style == Style(.title))
        #expect(b[0, 1].style == Style(.border))
        #expect(box.inner(Rect(x: 2, y: 3, width: 8, height: 4)) == Rect(x: 3, y: 4, width: 6, height: 2))
    }

    @Test func tooSmallAreaDrawsNothingAndDoesNotTrap() {
        #expect(draw(Box(title: "x", glyphs: .unicode), 1, 5) == [" ", " ", " ", " ", " "])
        var b = Buffer(width: 4, height: 4)
        Box(title: "x", glyphs: .unicode).render(Rect(x: 2, y: 2, width: 10, height: 10), &b)
        #expect(b.lines() == ["    ", "    ", "  ┌ ", "  │ "])
    }
}

@Suite struct SmallWidgetTests {
    @Test func progressBar() {
        #expect(draw(ProgressBar(fraction: 0.55, glyphs: .unicode), 10, 1) == ["━━━━━╸━━━━"])
        #expect(draw(ProgressBar(fraction: 0.55, glyphs: .ascii), 10, 1) == ["=====>----"])
        #expect(draw(ProgressBar(fraction: 1, glyphs: .ascii), 10, 1) == ["=========="])
        #expect(draw(ProgressBar(fraction: 0, glyphs: .ascii), 10, 1) == ["----------"])
        #expect(draw(ProgressBar(fraction: .nan, glyphs: .ascii), 4, 1) == ["----"])
        let b = buffer(ProgressBar(fraction: 0.55, glyphs: .unicode), 10, 1)
        #expect((0..<10).map { b[$0, 0].style } == Array(repeating: Style(.accent), count: 6) + Array(repeating: Style(.dim), count: 4))
    }

    @Test func statusBar() {
        #expect(draw(StatusBar(items: ["a", "b"]), 10, 1) == ["a · b     "])
        #expect(draw(StatusBar(items: ["space pause", "esc stop"]), 12, 1) == ["space pause…"])
        #expect(draw(StatusBar(items: ["a", "b"], glyphs: .ascii), 6, 1) == ["a | b "])
        let b = buffer(StatusBar(items: ["a"]), 4, 1)
        #expect((0..<4).allSatisfy { b[$0, 0].style == Style(.status) })
    }

    @Test func tooSmall() {
        let lines = draw(TooSmall(minWidth: 60, minHeight: 15), 50, 5)
        let message = "terminal too small: need 60×15, have 50×5"
        #expect(lines[2] == "    " + message + "     ")
        #expect(lines[0] == String(repeating: " ", count: 50))
        #expect(draw(TooSmall(minWidth: 60, minHeight: 15), 10, 1) == ["need 60×15"], "the longest wording that fits")
    }

    @Test func overlayIsCentredAndClears() {
        var b = Buffer(width: 20, height: 6)
        b.fill(b.area, Cell("x"))
        Overlay(title: "help", lines: ["q quit", "? help"], glyphs: .unicode).render(b.area, &b)
        #expect(b.lines() == [
            "xxxxxxxxxxxxxxxxxxxx",
            "xxxxx┌ help ──┐xxxxx",
            "xxxxx│ q quit │xxxxx",
            "xxxxx│ ? help │xxxxx",
            "xxxxx└────────┘xxxxx",
            "xxxxxxxxxxxxxxxxxxxx",
        ])
        // Capped by the area, long lines cut.
        #expect(draw(Overlay(title: "h", lines: ["abcdefghij"], glyphs: .ascii), 10, 3) == [
            "+ h -----+",
            "| abcde~ |",
            "+--------+",
        ])
    }
}

@Suite struct TableTests {
    let table = Table(header: ["#", "name", "loss"], rows: [["0", "dense", "0.5"], ["12", "tanh", "0.25"]],
                      alignments: [.right, .left, .right])

    @Test func alignment() {
        #expect(draw(table, 20, 4) == [
            " #  name   loss     ",
            " 0  dense   0.5     ",
            "12  tanh   0.25     ",
            "                    ",
        ])
        let b = buffer(table, 20, 4)
        #expect(b[1, 0].style == Style(.title))
        #expect(b[1, 1].style == .normal)
    }

    @Test func tooWideShrinksWidestTextColumn() {
        #expect(draw(table, 13, 3) == [
            " #  na…  loss",
            " 0  de…   0.5",
            "12  ta…  0.25",
        ])
        var ascii = table
        ascii.glyphs = .ascii
        #expect(draw(ascii, 13, 3)[1] == " 0  de~   0.5")
        #expect(table.columnWidths(for: 13) == [2, 3, 4])
        // Text columns stop at 3 cells; then the others give way.
        #expect(table.columnWidths(for: 12) == [2, 3, 3])
        #expect(table.columnWidths(for: 11) == [2, 2, 3])
    }

    @Test func rowsBeyondHeightAreCut() {
        let t = Table(header: ["#", "n", "v"], rows: [["0", "a", "1"], ["1", "b", "2"], ["2", "c", "3"]],
                      alignments: [.right, .left, .right])
        #expect(draw(t, 8, 3) == [
            "#  n  v ",
            "0  a  1 ",
            "…       ",
        ])
        #expect(draw(t, 8, 4) == [
            "#  n  v ",
            "0  a  1 ",
            "1  b  2 ",
            "2  c  3 ",
        ])
        #expect(draw(Table(header: [], rows: [["a"], ["b"]]), 3, 1) == ["…  "])
    }
}

@Test func formulaLettersAreSingleWidth() {
    var b = Buffer(width: 12, height: 1)
    b.put("Aᵀ xᵢ yⱼ aᵇ", x: 0, y: 0)
    #expect(b.lines()[0] == "Aᵀ xᵢ yⱼ aᵇ ")
}
