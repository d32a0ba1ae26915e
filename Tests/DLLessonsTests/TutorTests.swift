import Testing
import DLLang
@testable import DLLessons

@Suite struct TutorTests {
    static func course() throws -> Course {
        Course(lessons: [try LessonParser.parse(LessonParserTests.good, file: "demo.md")], directory: "/nowhere")
    }

    func tutor(_ store: ProgressStore?) throws -> (Tutor, CapturedOutput) {
        let out = CapturedOutput(), course = try Self.course()
        return (SessionHost(course: { .success(course) }, store: store, elementLimit: nil).tutor(out, traits: out.traits), out)
    }

    func enter(_ t: Tutor, _ lines: String...) { for l in lines { t.run(SourceText(name: "<input>", text: l)) } }

    @Test func aLessonFromStartToEnd() throws {
        let (t, out) = try tutor(nil)
        try t.open("demo")
        enter(t, "x = 5", "hint()", "hint()", "solution()", "x = 3", "answer(\"a\")", "answer(\"b\")", "answer(7)", "answer(6.2)", "next()")
        let text = out.text
        #expect(text.contains("step 1/4 · Make x"))
        #expect(text.contains("✗ not yet: x is 5, too big."))
        #expect(text.contains("hint 1/2: Assign it.") && text.contains("hint 2/2: x = 3, with more words on a second line."))
        #expect(text.contains("solution:\n    x = 3\n\n"))
        #expect(text.contains("✓ well done, x is 3\n\nstep 2/4 · Pick"))
        #expect(text.contains("✗ a is not it."))
        #expect(text.contains("✗ 7 is too high."))
        #expect(text.contains("step 4/4 · The end") && text.contains("bye\n"))
        #expect(text.hasSuffix("lesson complete: demo\n"))
    }

    /// The check runs after every statement; the same "not yet" is said once
    /// until something changes it.
    @Test func aRepeatedNotYetIsSaidOnce() throws {
        let (t, out) = try tutor(nil)
        try t.open("demo")
        enter(t, "x = 5", "y = 1", "z = 2", "x = 6", "x = 5")
        #expect(out.text.components(separatedBy: "✗ not yet: x is 5, too big.").count == 3, "\(out.text)")
    }

    @Test func questionsShowTheirAnswerCallAsTheSolution() throws {
        let (t, out) = try tutor(nil)
        try t.open("demo")
        enter(t, "skip()", "solution()")
        #expect(out.text.contains("solution:\n    answer(\"b\")\n\n"))
        enter(t, "skip()", "solution()")
        #expect(out.text.contains("solution:\n    answer(6)\n\n"))
        enter(t, "skip()", "solution()")
        #expect(out.text.contains("solution:\n    next()\n\n"))
    }

    @Test func reopeningResumesWithTheStateRestored() throws {
        let store = ProgressStore(path: "/tmp/dlrepl-tutor-test-\(UInt32.random(in: 0...UInt32.max))/progress.txt")
        let (t, _) = try tutor(store)
        try t.open("demo")
        enter(t, "x = 3", "answer(\"b\")")
        #expect(try store.load().lessons["demo"] == [.passed, .passed, .open, .open])
        let (again, out) = try tutor(store)
        try again.open("demo")
        #expect(out.text.contains("Resuming at step 3/4") && out.text.contains("step 3/4 · Compute"))
        enter(again, "print(x)", "answer(6)")
        #expect(out.text.contains("3\n✓ right"))
    }

    @Test func commandsOutsideALessonSayWhatToDo() throws {
        let (t, out) = try tutor(nil)
        enter(t, "hint()")
        #expect(out.errors.contains("hint: no lesson is open"))
        enter(t, "help(\"lessons\")", "help()")
        #expect(out.text.contains("hint()             the next hint") && out.text.contains("lessons (help(\"lessons\") explains them)\n  answer  back  hint  lesson  lessons")
                && out.text.contains("track  tracked  export\n"), "export, which the host registers, is listed with training")
        enter(t, "lessons()")
        #expect(out.text.contains("demo  A demo  new"))
        enter(t, "lesson(\"demo\")")
        #expect(out.text.contains("step 1/4 · Make x"))
    }

    @Test func skipCountsAsSkippedAndNextLeavesAStepOpen() throws {
        let store = ProgressStore(path: "/tmp/dlrepl-tutor-test-\(UInt32.random(in: 0...UInt32.max))/progress.txt")
        let (t, out) = try tutor(store)
        try t.open("demo")
        enter(t, "skip()", "next()", "back()", "back()", "back()")
        #expect(out.text.contains("moving on; step 2 is not finished"))
        #expect(out.errors.contains("this is the first step"))
        #expect(try store.load().lessons["demo"] == [.skipped, .open, .open, .open])
        // Passing a skipped step upgrades it; a passed step stays passed when skipped later.
        enter(t, "x = 3", "back()", "skip()")
        #expect(try store.load().lessons["demo"] == [.passed, .open, .open, .open])
        enter(t, "print(x)")
        #expect(out.text.contains("3\n"))
    }

    @Test func answersOfTheWrongKindAreRefusedWithAReason() throws {
        let (t, out) = try tutor(nil)
        try t.open("demo")
        enter(t, "answer(\"a\")")
        #expect(out.errors.contains("answer: step 1 is a task step, not a question"))
        enter(t, "skip()", "answer(2)", "answer(\"z\")")
        #expect(out.text.contains("✗ answer with a letter in quotes, e.g. answer(\"a\")"))
        #expect(out.text.contains("✗ \"z\" is not one of the options a, b"))
    }
}
