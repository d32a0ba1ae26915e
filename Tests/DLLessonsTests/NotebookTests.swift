import Testing
import DLLang
@testable import DLLessons

@Suite struct NotebookTests {
    @Test func markdownRoundTripKeepsCellsOutputsAndProse() {
        var nb = Notebook(cells: [.prose("# My notes\n\nA first try."), Notebook.Cell(source: "x = 1\nprint(x + 1)"),
                                  Notebook.Cell(source: "print(\"``` inside\")")])
        nb.finished(1, output: "2\n", ok: true)
        nb.finished(2, output: "``` inside\n", ok: true)
        let text = NotebookFile.render(nb)
        #expect(text == """
            # My notes

            A first try.

            ```dl
            x = 1
            print(x + 1)
            ```

            ```text
            2
            ```

            ````dl
            print("``` inside")
            ````

            ````text
            ``` inside
            ````

            """)
        let back = NotebookFile.parse(text)
        #expect(back.cells.count == 3)
        #expect(back.cells[0].isProse && back.cells[0].source == "# My notes\n\nA first try.")
        #expect(back.cells[1].source == "x = 1\nprint(x + 1)" && back.cells[1].output == "2")
        #expect(back.cells[2].output == "``` inside")
        #expect(back.cells.allSatisfy { $0.isProse || $0.state == .notRun })
        #expect(NotebookFile.render(back) == text)
    }

    /// A notebook saved on Windows ("\r\n" line ends) reads as the same cells.
    @Test func crlfNotebooksReadAsTheirCells() {
        let text = "# Notes\n\n```dl\nx = 1\nprint(x)\n```\n\n```text\n1\n```\n"
        let crlf = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        let nb = NotebookFile.parse(crlf)
        #expect(nb == NotebookFile.parse(text))
        #expect(nb.codeCells.count == 1 && nb.cells[1].source == "x = 1\nprint(x)" && nb.cells[1].output == "1")
    }

    @Test func otherFencesStayProse() {
        let nb = NotebookFile.parse("Some text\n\n```python\nprint(1)\n```\n\n```dl\nx = 2\n```\n")
        #expect(nb.cells.count == 2 && nb.cells[0].isProse && nb.cells[0].source.contains("```python"))
        #expect(nb.cells[1].source == "x = 2" && nb.cells[1].output.isEmpty)
    }

    @Test func rerunningACellMarksItsReadersStale() {
        var nb = Notebook()
        let a = nb.append("lr = 0.1")
        let b = nb.append("opt = sgd(lr: lr)")
        let c = nb.append("print(1)")
        for i in [a, b, c] { nb.finished(i, output: "", ok: true) }
        #expect(nb.cells.map(\.state) == [.ran, .ran, .ran])
        nb.finished(a, output: "", ok: true)
        #expect(nb.cells.map(\.state) == [.ran, .stale, .ran])
    }

    @Test func nameUseSeesReadsBeforeWrites() {
        let u = NameUse.of("x = y + 1\nfor i in range(n) { total += x * i }\nfn f(a) { return a * w }\nmodel m { input(k); dense(8) }")
        #expect(u.writes == ["x", "i", "total", "f", "m"])
        #expect(u.reads == ["y", "range", "n", "total", "w", "k"])
    }
}
