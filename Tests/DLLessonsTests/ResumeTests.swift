import Testing
import DLLang
import DLTensor
@testable import DLLessons

/// Reopening a lesson gives the learner back their own work: their cells run
/// again, and the reference only where theirs no longer pass.
@Suite struct ResumeTests {
    static let lesson = """
        ---
        id: own
        title: Own work
        part: 1 X
        ---
        setup: seed(0)

        ## task: A model
        Define a model `net` with a hidden layer.
        check: `type(net) == "model" and len(net.layers) >= 3`
        solution: model net { input(2); dense(8); relu(); dense(1) }
        hint: h

        ## task: Train it
        Train net into `h`.
        begin: marker = 1
        check: `type(h) == "history" and h.epochs >= 2`
        solution: h = fit(net, dataset("xor", n: 16), epochs: 2, verbose: false)
        hint: h

        ## choice: Which
        a) x
        b) y
        answer: b
        hint: h

        ## task: Last
        check: `done == 1`
        solution: done = 1
        hint: h
        """

    func store() -> ProgressStore {
        ProgressStore(path: "/tmp/dlrepl-resume-test-\(UInt32.random(in: 0...UInt32.max))/progress.txt")
    }

    func tutor(_ store: ProgressStore) throws -> (Tutor, CapturedOutput) {
        let course = Course(lessons: [try LessonParser.parse(Self.lesson, file: "own.md")], directory: "/nowhere")
        let out = CapturedOutput()
        return (SessionHost(course: { .success(course) }, store: store, elementLimit: nil).tutor(out, traits: out.traits), out)
    }

    func enter(_ t: Tutor, _ lines: String...) { for l in lines { t.run(SourceText(name: "<input>", text: l)) } }

    /// Whether a condition of the language holds in the tutor's session (false when it cannot be evaluated).
    func holds(_ t: Tutor, _ condition: String) -> Bool {
        (try? t.session.evaluate(SourceText(name: "<test>", text: condition))).map(t.session.isTrue) ?? false
    }

    @Test func reopeningRunsTheLearnersOwnCells() throws {
        let s = store()
        let (t, _) = try tutor(s)
        try t.open("own")
        enter(t, "model net { input(2); dense(3); tanh(); dense(1) }", "hint()",
              "h = fit(net, dataset(\"xor\", n: 16), epochs: 3, verbose: false)", "answer(\"a\")", "answer(\"b\")")
        #expect(try s.load().lessons["own"] == [.passed, .passed, .passed, .open])

        let (again, out) = try tutor(s)
        try again.open("own")
        #expect(out.text.contains("Resuming at step 4/4; your own cells of earlier steps ran again."), "\(out.text)")
        // Their model (3 tanh units), not the reference's (8 relu), trained as they trained it.
        #expect(holds(again, "net.layers[0].weight.shape == [2, 3]"))
        #expect(holds(again, "net.layers[1].kind == \"tanh\""))
        #expect(holds(again, "h.epochs == 3"))
        #expect(holds(again, "marker == 1"))
        // Commands were not kept: replaying answer() or hint() would act again.
        let kept = LessonWorkStore(directory: s.directory + "/lessons").load("own").entries.map(\.code)
        #expect(!kept.contains { $0.contains("hint()") || $0.contains("answer(") })
        #expect(kept.contains("model net { input(2); dense(3); tanh(); dense(1) }"))
    }

    @Test func aStepWhoseCellsNoLongerPassGetsTheReferenceAndSaysSo() throws {
        let s = store()
        var p = Progress()
        p.lessons["own"] = [.passed, .passed, .open, .open]
        try s.save(p)
        // Step 1's kept cell makes a model without a hidden layer (say the lesson's check was made stricter).
        let work = LessonWork(entries: [.init(step: 0, code: "model net { input(2); dense(1) }", byLesson: false),
                                        .init(step: 1, code: "h = fit(net, dataset(\"xor\", n: 16), epochs: 4, verbose: false)", byLesson: false)])
        try LessonWorkStore(directory: s.directory + "/lessons").save(work, "own")
        let (t, out) = try tutor(s)
        try t.open("own")
        #expect(out.text.contains("Your cells of step 1 no longer pass its check: the reference's solution was used."), "\(out.text)")
        // The reference's net, then their own training of it.
        #expect(holds(t, "net.layers[0].weight.shape == [2, 8]"))
        #expect(holds(t, "h.epochs == 4"))
    }

    @Test func progressWithoutKeptCellsUsesTheReferenceSolutions() throws {
        let s = store()
        var p = Progress()
        p.lessons["own"] = [.passed, .skipped, .open, .open]
        try s.save(p)
        let (t, out) = try tutor(s)
        try t.open("own")
        #expect(out.text.contains("Resuming at step 3/4; the names and models of earlier steps are restored from the reference solutions."), "\(out.text)")
        #expect(holds(t, "h.epochs == 2"))
        #expect(holds(t, "marker == 1"), "a step's begin: code is part of its reference")
    }

    @Test func aSkippedStepKeepsTheSolutionItRan() throws {
        let s = store()
        let (t, _) = try tutor(s)
        try t.open("own")
        enter(t, "model net { input(2); dense(5); relu(); dense(1) }", "skip()")
        let (again, _) = try tutor(s)
        try again.open("own")
        #expect(holds(again, "net.layers[0].weight.shape == [2, 5]"))
        #expect(holds(again, "h.epochs == 2"))
    }

    @Test func aFinishedLessonStartsAfreshWithAnEmptyRecord() throws {
        let s = store()
        let (t, _) = try tutor(s)
        try t.open("own")
        enter(t, "model net { input(2); dense(3); tanh(); dense(1) }", "h = fit(net, dataset(\"xor\", n: 16), epochs: 3, verbose: false)",
              "answer(\"b\")", "done = 1")
        #expect(try s.load().lessons["own"] == [.passed, .passed, .passed, .passed])
        let (again, out) = try tutor(s)
        try again.open("own")
        #expect(out.text.contains("You have finished this lesson; here it is again from the start."))
        #expect(LessonWorkStore(directory: s.directory + "/lessons").load("own").entries.isEmpty)
        #expect(!holds(again, "type(net) == \"model\""), "nothing of the earlier run is replayed")
    }

    @Test func theRecordReadsBackAsWritten() {
        let work = LessonWork(entries: [.init(step: 0, code: "x = 1\nprint(\"```\")", byLesson: false),
                                        .init(step: 0, code: "seed(1)", byLesson: true),
                                        .init(step: 2, code: "y = [1,\n  2]", byLesson: false)])
        let text = LessonWork.render(work)
        #expect(text.contains("## step 3\n"))
        #expect(LessonWork.parse(text) == work)
        #expect(LessonWork.parse(text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")) == work)
        #expect(LessonWork.parse("# my notes\n```dl\nx = 1\n```\n").entries.isEmpty, "a file that is not a lesson record is no work")
        #expect(LessonWork.parse(LessonWork.header + "\n## step 999999999999999999999\n```dl\nx = 1\n").entries == [.init(step: 0, code: "x = 1", byLesson: false)])
    }

    /// The course's vae, as a learner takes it: their own encoder (32 tanh
    /// units, not the reference's 64 relu), their own sampling and KL; then
    /// they close the lesson and reopen it.
    @Test func reopeningVaeGivesBackTheLearnersEncoder() throws {
        let s = store()
        let course = try Course.load(directory: CourseTests.folder)
        func tutor() -> (Tutor, CapturedOutput) {
            let out = CapturedOutput()
            return (SessionHost(course: { .success(course) }, store: s, elementLimit: nil).tutor(out, traits: out.traits), out)
        }
        let (t, first) = tutor()
        try t.open("vae")
        enter(t, "model enc { input(64); dense(32); tanh(); dense(4) }", "out = enc(x)", "mu = out[:, 0:2]", "logvar = out[:, 2:4]",
              "fn sample_z(m, lv) { return m + exp(lv / 2) * randn(m.shape[0], 2) }",
              "answer(0.5)",
              "fn kl_term(m, lv) { return mean(0.5 * sum(m ** 2 + exp(lv) - 1 - lv, axis: 1)) }")
        #expect(try s.load().lessons["vae"]?.prefix(4) == [.passed, .passed, .passed, .passed], "\(first.text)")
        let (again, out) = tutor()
        try again.open("vae")
        #expect(out.text.contains("Resuming at step 5/") && out.text.contains("your own cells of earlier steps ran again."), "\(out.text)")
        #expect(!out.text.contains("reference"), "every step replayed from the learner's cells: \(out.text)")
        #expect(holds(again, "enc.layers[0].weight.shape == [64, 32] and enc.layers[1].kind == \"tanh\""))
        #expect(holds(again, "mu.shape == [1797, 2] and type(sample_z) == \"function\" and type(kl_term) == \"function\""))
    }
}
