import Testing
import DLLessons
#if canImport(Glibc)
import Glibc
#endif
@testable import DLApp

/// A lesson in the notebook, with a real worker: the offer, the pane, a pass.
@Suite struct LessonFlowTests {
    static let lesson = """
        ---
        id: tiny
        title: A tiny lesson
        part: 1 Basics
        ---
        ## task: Make x
        Make x equal to 3.
        check: x == 3
        fail if `x != 3`: x is {x}.
        pass: x is 3.
        hint: x = 3
        solution: x = 3

        ## choice: Pick
        a) one
        b) two
        answer: b
        hint: the second
        """


    @Test func enterTakesTheOfferAndThePaneFollowsTheSteps() throws {
        let course = Course(lessons: [try LessonParser.parse(Self.lesson, file: "tiny.md")], directory: "/nowhere")
        let worker = Worker(host: SessionHost(course: { .success(course) }, store: nil, elementLimit: nil))
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil, offer: CourseOffer.make(course, Progress()))
        #expect(core.state.courseOffer?.lesson == "tiny")
        core.submit("")
        settle(core)
        // The mailbox may deliver the pane just after the cell finishes.
        for _ in 0..<100 where core.state.lesson == nil { usleep(10_000); for m in core.worker.mailbox.takeAll() { core.receive(m) } }
        #expect(core.state.courseOffer == nil && core.state.notebook.cells.first?.source == "lesson(\"tiny\")")
        #expect(core.state.lesson?.stepLine == "step 1/2 · Make x")
        core.submit("x = 4")
        settle(core)
        #expect(core.state.lesson?.feedback == "✗ not yet: x is 4.")
        core.submit("x = 3")
        settle(core)
        #expect(core.state.lesson?.stepLine == "step 2/2 · Pick" && core.state.lesson?.feedback == "✓ x is 3.")
        core.submit("answer(\"b\")")
        settle(core)
        #expect(core.state.lesson?.complete == true)
        #expect(core.state.notebook.cells.last?.output.contains("lesson complete: tiny") == true)
    }

    /// A ✗ belongs to the step it judged: after skip() the next step's pane has none.
    @Test func skippingDropsTheLastStepsCross() throws {
        let course = Course(lessons: [try LessonParser.parse(Self.lesson, file: "tiny.md")], directory: "/nowhere")
        let worker = Worker(host: SessionHost(course: { .success(course) }, store: nil, elementLimit: nil))
        worker.start()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.submit("lesson(\"tiny\")")
        core.submit("x = 4")
        settle(core)
        #expect(core.state.lesson?.feedback == "✗ not yet: x is 4.")
        core.submit("skip()")
        settle(core)
        #expect(core.state.lesson?.stepLine == "step 2/2 · Pick" && core.state.lesson?.feedback == nil)
        let screen = ViewTests.text(core.state, 80, 24)
        let pane = screen.components(separatedBy: "┌ dlrepl · notebook").first ?? ""
        #expect(pane.contains("step 2/2 · Pick") && !pane.contains("✗"), "\(screen)")
    }
}
