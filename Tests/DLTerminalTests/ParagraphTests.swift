import Testing
@testable import DLTerminal

@Suite struct ParagraphTests {
    @Test func wordWrap() {
        #expect(draw(Paragraph(lines: [StyledLine("the quick brown fox jumps")]), 10, 4) == [
            "the quick ",
            "brown fox ",
            "jumps     ",
            "          ",
        ])
    }

    @Test func hardWrapInsideLongWords() {
        #expect(draw(Paragraph(lines: [StyledLine("abcdefghijklmnop")]), 6, 3) == ["abcdef", "ghijkl", "mnop  "])
        #expect(draw(Paragraph(lines: [StyledLine("ab abcdefghij")]), 6, 3) == ["ab    ", "abcdef", "ghij  "])
    }

    @Test func noWrapCuts() {
        #expect(draw(Paragraph(lines: [StyledLine("abcdefghij"), StyledLine("x")], wrap: false), 4, 2) == ["abcd", "x   "])
    }

    @Test func keepsIndentAndBlankLines() {
        // A wrapped row starts under its line's indent, or at the line's hang.
        #expect(draw(Paragraph(lines: [StyledLine("  ab cd"), StyledLine(""), StyledLine("e")]), 5, 4) == [
            "  ab ", "  cd ", "     ", "e    ",
        ])
        #expect(draw(Paragraph(lines: [StyledLine("ab: cd ef gh", hang: 4)]), 8, 3) == ["ab: cd  ", "    ef  ", "    gh  "])
    }

    @Test func showsLastLinesAndScrolls() {
        let lines = (1...10).map { StyledLine("\($0)") }
        #expect(draw(Paragraph(lines: lines), 2, 3) == ["8 ", "9 ", "10"])
        #expect(draw(Paragraph(lines: lines, scrollFromBottom: 2), 2, 3) == ["6 ", "7 ", "8 "])
        #expect(draw(Paragraph(lines: lines, scrollFromBottom: 100), 2, 3) == ["1 ", "2 ", "3 "])
        // Scrolling counts visual (wrapped) lines.
        let wrapped = [StyledLine("a"), StyledLine("bb cc"), StyledLine("d")]
        #expect(draw(Paragraph(lines: wrapped, scrollFromBottom: 1), 2, 2) == ["bb", "cc"])
        #expect(Paragraph(lines: wrapped).lineCount(width: 2) == 4)
    }

    @Test func spansKeepTheirStyles() {
        let line = StyledLine(spans: [("[1] ", Style(.accent)), ("x = 2", Style(.normal, bold: true))])
        let b = buffer(Paragraph(lines: [line]), 6, 2)
        #expect(b.lines() == ["[1] x ", "= 2   "])
        #expect(b[0, 0].style == Style(.accent))
        #expect(b[4, 0].style == Style(.normal, bold: true))
        #expect(b[0, 1].style == Style(.normal, bold: true))
    }

    @Test func wideCharactersBecomeQuestionMarks() {
        #expect(draw(Paragraph(lines: [StyledLine("a中b")]), 4, 1) == ["a?b "])
    }
}
