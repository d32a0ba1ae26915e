import Testing
@testable import DLTerminal

@MainActor
@Suite(.serialized) struct ReadlineInputTests {
    func type(_ input: ReadlineInput, _ text: String) {
        for ch in text { input.feed(.char(ch)) }
    }

    @Test func editingHistoryAndCompletion() {
        let input = ReadlineInput.shared
        input.completer = { _, _, word in ["print", "param", "permute", "axis:"].filter { $0.hasPrefix(word) } }
        var lines: [String] = []
        input.onLine = { lines.append($0) }
        input.start(prompt: "dl> ")
        defer { input.stop() }
        #expect(input.prompt == "dl> ")

        type(input, "hello")
        #expect(input.line == "hello" && input.cursor == 5)
        input.feed(.ctrl("a"))
        #expect(input.cursor == 0)
        input.feed(.ctrl("e"))
        input.feed(.left)
        input.feed(.backspace)
        #expect(input.line == "helo" && input.cursor == 3)
        input.feed(.home)
        #expect(input.cursor == 0)
        input.feed(.delete)
        #expect(input.line == "elo")
        input.feed(.end)
        #expect(input.cursor == 3)
        input.feed(.enter)
        #expect(lines == ["elo"])
        #expect(input.line == "")
        input.addHistory("elo")

        input.feed(.up)
        #expect(input.line == "elo")
        input.clearLine()
        #expect(input.line == "")
        input.feed(.up)
        #expect(input.line == "elo")
        input.clearLine()

        type(input, "pr")
        input.feed(.tab)
        #expect(input.line == "print")
        input.clearLine()
        type(input, "p")
        input.feed(.tab)
        input.feed(.tab)
        #expect(input.candidates.sorted() == ["param", "permute", "print"])
        type(input, "a")
        #expect(input.candidates.isEmpty)
        input.feed(.tab)
        #expect(input.line == "param")
        input.feed(.ctrl("c"))
        input.feed(.ctrl("d"))
        #expect(input.line == "param")
        input.clearLine()
        input.feed(.ctrl("d"))
        #expect(lines == ["elo"])

        type(input, "π≈3")
        #expect(input.line == "π≈3" && input.cursor == 3)
        input.feed(.left)
        #expect(input.cursor == 2)
        input.clearLine()
    }
}
