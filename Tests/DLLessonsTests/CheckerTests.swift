import Testing
import DLLang
@testable import DLLessons

@Suite struct CheckerTests {
    @Test func aGoodLessonChecks() throws {
        #expect(Checker.check(try LessonParser.parse(LessonParserTests.good, file: "demo.md")).isEmpty)
    }

    /// The checker's session has what a learner's has: a lesson that
    /// exports (frameworks) is checked with `export` registered.
    @Test func theCheckersSessionHasEveryCommandALearnersHas() {
        let (checking, _) = SessionHost.checking()
        let learner = SessionHost.bare().tutor(CapturedOutput(), traits: OutputTraits()).session
        // The lesson commands are the tutor's; the checker installs shown() itself.
        let lessonCommands: Set = ["lessons", "lesson", "hint", "solution", "skip", "next", "back", "answer", "shown"]
        let missing = Set(learner.interpreter.builtinTable.keys).subtracting(checking.interpreter.builtinTable.keys).subtracting(lessonCommands)
        #expect(missing.isEmpty, "\(missing.sorted())")
    }

    @Test func aBrokenLessonIsReported() throws {
        let broken = """
            ---
            id: broken
            title: Broken
            part: 1 X
            ---
            setup: x = 3

            ## task: Passes already
            check: x == 3
            solution: y = 1
            hint: h

            ## task: Never passes
            check: x == 4
            solution: x = 5
            hint: h

            ## choice: Any answer
            a) yes
            b) also yes
            answer: a
            hint: h

            ## number: Loose
            answer: 1
            tolerance: 1000
            hint: h
            """
        let failures = Checker.check(try LessonParser.parse(broken, file: "broken.md")).map(\.description)
        #expect(failures == [
            "broken.md:9: broken step 1/4 (Passes already): the check passes before the solution runs",
            "broken.md:14: broken step 2/4 (Never passes): the check fails after the solution ran",
            "broken.md:25: broken step 4/4 (Loose): a wrong answer (2) is accepted",
        ])
    }

    @Test func aMessageThatCannotBeFilledInIsReported() throws {
        let lesson = """
            ---
            id: msg
            title: Messages
            part: 1 X
            ---
            ## task: Make x
            check: x == 1
            pass: x is {x} and y is {y}
            solution: x = 1
            hint: h
            """
        let failures = Checker.check(try LessonParser.parse(lesson, file: "msg.md")).map(\.description)
        #expect(failures.count == 1 && failures[0].contains("cannot be evaluated after the solution"))
    }

    /// A failure message is only filled in when its case happens; one whose
    /// braces hold no expression (code written without {{ }}) is caught anyway.
    @Test func aMessageWithBracesThatAreNoExpressionIsReported() throws {
        let lesson = """
            ---
            id: braces
            title: Braces
            part: 1 X
            ---
            ## task: Make m
            check: type(m) == "model"
            fail if `type(m) == "layer"`: write model m { input(2); dense(1) } instead
            fail if `type(m) == "number"`: unclosed {m
            pass: m is a {type(m)}, and {{literal}} braces are fine
            solution: model m { input(2); dense(1) }
            hint: h
            """
        let failures = Checker.check(try LessonParser.parse(lesson, file: "braces.md")).map(\.description)
        #expect(failures.count == 2, "\(failures)")
        #expect(failures.first?.contains("has { input(2); dense(1) }, which is not one expression; write {{ and }} for braces") == true, "\(failures)")
        #expect(failures.last?.contains("has {m, which is not one expression") == true, "\(failures)")
    }
}
