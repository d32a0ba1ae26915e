import Testing
import DLLang

@Suite struct HelpTests {
    static let names = Session(output: CapturedOutput()).interpreter.builtinTable.keys.sorted()

    @Test(arguments: names)
    func everyBuiltinHasHelpWhoseExampleRuns(_ name: String) {
        let b = Session(output: CapturedOutput()).interpreter.builtinTable[name]!
        #expect(b.signature.hasPrefix(name + "("))
        #expect(b.summary.count > 10 && b.summary.hasSuffix("."))
        let out = CapturedOutput()
        let ok = Session(output: out).run(SourceText(name: "<example>", text: b.example), echo: true)
        #expect(ok, "example of \(name) failed: \(out.errors)")
        #expect(b.example.contains(name), "the example of \(name) should use it")

        let shown = CapturedOutput()
        Session(output: shown).run(SourceText(name: "<input>", text: "help(\(name))"), echo: true)
        #expect(shown.text.hasPrefix("\(b.signature)\n  \(b.summary)\n  example: \(b.example)\n"))
    }

    @Test func helpWithoutArgumentsListsEveryBuiltin() {
        let out = CapturedOutput()
        Session(output: out).run(SourceText(name: "<input>", text: "help()"), echo: true)
        for b in Session(output: CapturedOutput()).interpreter.builtinTable.values { #expect(out.text.contains(b.signature)) }
    }

    @Test func helpOnAnUnknownNameSuggestsTheNearest() {
        let out = CapturedOutput()
        Session(output: out).run(SourceText(name: "<input>", text: "help(\"softmx\")"), echo: true)
        #expect(out.errors.contains("no builtin named 'softmx'") && out.errors.contains("did you mean 'softmax'?"))
    }
}

@Suite struct CompletionTests {
    @Test func completesNamesBuiltinsAndKeywords() {
        let s = Session(output: CapturedOutput())
        s.run(SourceText(name: "<input>", text: "weights = 1"), echo: false)
        #expect(s.completions(line: "we", word: "we") == ["weights"])
        #expect(s.completions(line: "print(soft", word: "soft") == ["softmax"])
        #expect(s.completions(line: "wh", word: "wh") == ["while"])
    }

    @Test func completesKeywordArgumentsOfTheEnclosingCall() {
        let s = Session(output: CapturedOutput())
        #expect(s.completions(line: "softmax(x, ax", word: "ax") == ["axis:"])
        #expect(s.completions(line: "sum(x[0, 1], keep", word: "keep") == ["keepdims:"])
        #expect(s.completions(line: "print(x, d", word: "d").contains("digits:"))
        #expect(!s.completions(line: "x = ax", word: "ax").contains("axis:"))
    }

    @Test func inputContinuesWhileBracketsAreOpenOrAnOperatorEndsTheLine() {
        #expect(InputCompleteness.needsMoreInput("model_like {"))
        #expect(InputCompleteness.needsMoreInput("f(1,"))
        #expect(InputCompleteness.needsMoreInput("x = [1, 2"))
        #expect(InputCompleteness.needsMoreInput("y = 1 +"))
        #expect(!InputCompleteness.needsMoreInput("y = 1 + 2"))
        #expect(!InputCompleteness.needsMoreInput("for i in range(3) {\n print(i)\n}"))
        #expect(!InputCompleteness.needsMoreInput("print(\"unterminated"))
        #expect(!InputCompleteness.needsMoreInput("x = 1 # a comment with ("))
    }
}

@Suite struct DiagnosticTests {
    @Test func rendersTheContractForm() {
        let out = CapturedOutput()
        let s = Session(output: out)
        s.run(SourceText(name: "<input>", text: "x = ones(2, 3)\n\ny = x @ x"), echo: false)
        #expect(out.errors == """
            error: cannot multiply [2, 3] @ [2, 3]: inner sizes 3 and 2 differ
              --> <input>:3:7
               |
             3 | y = x @ x
               |       ^

            """)
    }

    @Test func errorsInsideFunctionsShowTheFunctionsSource() {
        let out = CapturedOutput()
        let s = Session(output: out)
        s.run(SourceText(name: "<input>", text: "fn f(a) {\n  return a @ a\n}"), echo: false)
        s.run(SourceText(name: "<input>", text: "f(ones(2, 3))"), echo: false)
        #expect(out.errors.contains("  --> <input>:2:12\n"))
        #expect(out.errors.contains(" 2 |   return a @ a\n"))
    }

    @Test func helpLinesFollowTheCaret() {
        let out = CapturedOutput()
        Session(output: out).run(SourceText(name: "f.dl", text: "print(sofmax(1))"), echo: false)
        #expect(out.errors.hasSuffix(" help: did you mean 'softmax'?\n"))
    }
}
