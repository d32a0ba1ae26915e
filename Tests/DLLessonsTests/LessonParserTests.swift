import Testing
import FileIO
@testable import DLLessons

@Suite struct LessonParserTests {
    static let good = """
        ---
        id: demo
        title: A demo
        part: 1 Basics
        needs: nothing
        ---

        Intro text.

        setup: seed(0)

        ## task: Make x

        Make `x` equal to 3.

        ```dl
        y = 1
        ```

        check: `x == 3`
        fail if `x > 3`: x is {x}, too big.
        fail: not yet
        pass: well done, x is {x}
        hint: Assign it.
        hint: x = 3, with more words
          on a second line.
        solution:
        ```dl
        x = 3
        ```

        ## choice: Pick

        a) one
        b) two
        answer: b
        hint: The second.

        ## number: Compute

        answer: `x * 2`
        tolerance: 0.5
        hint: double it

        ## read: The end

        run: print("bye")
        """

    /// `needs:` that lead back to a lesson would make "do these first" endless.
    @Test func needsThatGoRoundInACircleAreAnError() throws {
        func lesson(_ id: String, needs: String) -> String { "---\nid: \(id)\ntitle: T\npart: 1 X\nneeds: \(needs)\n---\n## task: A\ncheck: x == 1\nsolution: x = 1\nhint: h\n" }
        let dir = "/tmp/dlrepl-needs-\(UInt32.random(in: 0...UInt32.max))"
        DataDirectory.ensure(dir)
        try AtomicFile.write(Array(lesson("a", needs: "c").utf8), to: dir + "/01-a.md")
        try AtomicFile.write(Array(lesson("b", needs: "a").utf8), to: dir + "/02-b.md")
        try AtomicFile.write(Array(lesson("c", needs: "b").utf8), to: dir + "/03-c.md")
        do { _ = try Course.load(directory: dir); Issue.record("a circle of needs was accepted") } catch {
            #expect("\(error)".hasSuffix("its needs go round in a circle: a → c → b → a"), "\(error)")
        }
        try AtomicFile.write(Array(lesson("c", needs: "c").utf8), to: dir + "/03-c.md")
        do { _ = try Course.load(directory: dir); Issue.record("a lesson needing itself was accepted") } catch {
            #expect("\(error)".hasSuffix("needs itself"), "\(error)")
        }
    }

    @Test func crlfLessonsParseAsTheSameLesson() throws {
        let crlf = Self.good.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        #expect(try LessonParser.parse(crlf, file: "demo.md") == LessonParser.parse(Self.good, file: "demo.md"))
    }

    @Test func readsEveryField() throws {
        let l = try LessonParser.parse(Self.good, file: "demo.md")
        #expect(l.id == "demo" && l.title == "A demo" && l.part == 1 && l.partTitle == "Basics" && l.needs.isEmpty)
        #expect(l.intro == "Intro text." && l.setup?.text == "seed(0)")
        #expect(l.steps.map(\.kind) == [.task, .choice, .number, .read])
        let t = l.steps[0]
        #expect(t.title == "Make x" && t.prose.contains("```dl\ny = 1\n```") && t.check?.text == "x == 3")
        #expect(t.diagnoses.count == 2 && t.diagnoses[0].condition?.text == "x > 3" && t.diagnoses[0].message == "x is {x}, too big.")
        #expect(t.hints == ["Assign it.", "x = 3, with more words on a second line."])
        #expect(t.solution?.text == "x = 3" && t.solution?.line == 29)
        #expect(l.steps[1].options.map(\.letter) == ["a", "b"] && l.steps[1].answer?.text == "b")
        #expect(l.steps[2].answer?.text == "x * 2" && l.steps[2].tolerance == 0.5)
        #expect(l.steps[3].run?.text == "print(\"bye\")")
    }

    func error(_ text: String) -> String {
        do { _ = try LessonParser.parse(text, file: "bad.md"); return "no error" } catch { return "\(error)" }
    }

    @Test func problemsNameTheFileAndLine() {
        let head = "---\nid: bad\ntitle: Bad\npart: 1 X\n---\n"
        #expect(error("no front matter") .hasPrefix("bad.md:1: a lesson starts with front matter"))
        #expect(error(head + "\n## tsak: Oops\n") == "bad.md:7: unknown step kind 'tsak' (expected task, choice, number, predict or read)")
        #expect(error(head + "## task: No check\nsolution: x = 1\nhint: h\n") == "bad.md:6: a task step needs 'check:' (a condition on the session)")
        #expect(error(head + "## task: No hint\ncheck: x == 1\nsolution: x = 1\n") == "bad.md:6: a task step needs at least one 'hint:'")
        #expect(error(head + "## task: Bad code\ncheck: x ==\nsolution: x = 1\nhint: h\n").hasPrefix("bad.md:7: this code does not parse"))
        #expect(error(head + "## choice: Q\na) x\nb) y\nanswer: c\nhint: h\n") == "bad.md:9: the answer 'c' is not one of the options (a, b)")
        #expect(error(head + "## choice: Q\na) x\nb) y\nanswer: a\ncheck: x\nhint: h\n")
                    .hasPrefix("bad.md:10: a choice step has no 'check:'"))
        #expect(error(head) == "bad.md:5: the lesson has no steps (each starts with a line like '## task: Make a tensor')")
        #expect(error("---\nid: x y\ntitle: T\npart: 1\n---\n## read: R\n").hasPrefix("bad.md:2: id 'x y'"))
    }
}
