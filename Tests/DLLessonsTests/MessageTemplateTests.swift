import Testing
import DLLang
@testable import DLLessons

@Suite struct MessageTemplateTests {
    func session(_ code: String) -> Session {
        let s = Session(output: CapturedOutput())
        s.run(SourceText(name: "<test>", text: code), echo: false)
        return s
    }

    @Test func partsAreFilledWithReadableNumbers() {
        let s = session("x = 2 / 3")
        #expect(MessageTemplate.fill("x is {x}, {{literally}}.", in: s, file: "f", line: 1) == "x is 0.6667, {literally}.")
        #expect(MessageTemplate.fill("y is {y}.", in: s, file: "f", line: 1) == nil)
    }

    /// A learner who named the model differently reads what still holds, never a raw `{…}`.
    @Test func aMessageThatCannotBeFilledKeepsTheSentencesThatCan() {
        let s = session("x = 1")
        let m = "Accuracy {round(evaluate(single, data).accuracy, 2)}: hardly better than a coin. The loss stopped at {x}. No line does better!"
        #expect(MessageTemplate.fill(m, in: s, file: "f", line: 1) == nil)
        #expect(MessageTemplate.fillWhatHolds(m, in: s, file: "f", line: 1) == "The loss stopped at 1. No line does better!")
        #expect(MessageTemplate.fillWhatHolds("Only {nothing}. Here.", in: s, file: "f", line: 1) == "Here.")
        #expect(MessageTemplate.fillWhatHolds("Only {nothing}.", in: s, file: "f", line: 1) == nil)
        #expect(MessageTemplate.sentences("a {f(1. 2)}. b") == ["a {f(1. 2)}.", "b"], "a '. ' inside a part does not end a sentence")
    }
}
