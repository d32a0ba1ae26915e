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

    @Test func helpWithoutArgumentsListsEverythingByGroupWithinTheWidth() {
        let out = CapturedOutput(columns: 80)
        let session = Session(output: out)
        session.run(SourceText(name: "<input>", text: "help()"), echo: true)
        let lines = out.text.split(separator: "\n").map(String.init)
        let words = Set(lines.flatMap { $0.split(separator: " ").map(String.init) })
        for name in session.interpreter.builtinTable.keys { #expect(words.contains(name), "help() lists \(name)") }
        for title in ["tensors", "autograd", "layers", "optimizers", "data", "datasets", "text", "corpora", "training", "inspecting"] {
            #expect(lines.contains { $0.hasPrefix(title) }, "a group '\(title)'")
        }
        for layer in ["dense", "conv2d", "dropout"] { #expect(words.contains(layer)) }
        for data in ["iris", "digits", "moons"] { #expect(words.contains(data)) }
        #expect(lines.allSatisfy { $0.count <= 80 }, "wrapped to 80 columns")
        #expect(lines.count < 40)
    }

    @Test func helpOnAnUnknownNameSuggestsOnlyACloseOne() {
        let out = CapturedOutput()
        Session(output: out).run(SourceText(name: "<input>", text: "help(\"softmx\")"), echo: true)
        #expect(out.errors.contains("no builtin or layer named 'softmx'") && out.errors.contains("did you mean 'softmax'?"))
        let far = CapturedOutput()
        Session(output: far).run(SourceText(name: "<input>", text: "help(qwertyuiop)"), echo: true)
        #expect(!far.errors.contains("did you mean") && far.errors.contains("help() lists everything"))
    }

    @Test func helpTakesABareLayerName() {
        let out = CapturedOutput()
        Session(output: out).run(SourceText(name: "<input>", text: "help(dense)"), echo: true)
        #expect(out.errors.isEmpty && out.text.hasPrefix("dense(units"))
        // A variable of that name is still what is asked about.
        let shadowed = CapturedOutput()
        Session(output: shadowed).run(SourceText(name: "<input>", text: "dense = 3\nhelp(dense)"), echo: true)
        #expect(shadowed.errors.contains("help: give a builtin or its name"))
    }

    @Test func hintsPointToTheRightThing() {
        func errors(_ code: String) -> String {
            let out = CapturedOutput()
            Session(output: out).run(SourceText(name: "<input>", text: code), echo: true)
            return out.errors
        }
        let setup = "x = randn(8, 1)\nmodel l { input(1); dense(1) }\n"
        #expect(errors(setup + "fit(l, dataset(x, x), epochs=5)").contains("help: write epochs: … instead of epochs=…"))
        #expect(errors(setup + "fit(l, x, 3 * x)").contains("help: pair inputs and targets in a dataset: fit(net, dataset(x, y), …)"))
        let unknown = errors("model q { input(2); transformer(3) }")
        #expect(unknown.contains("unknown layer 'transformer'") && !unknown.contains("did you mean") && unknown.contains("dense()"))
        // A recurrent layer straight after token ids says what goes between.
        #expect(errors("model q { input(64); lstm(3) }").contains("help: token ids need a vector per id first: write embedding(vocab, dim) before lstm(3)"))
        #expect(errors("model q { input(2); dens(3) }").contains("did you mean dense()?"))
    }

    @Test func promptShowsReadableValues() {
        let out = CapturedOutput()
        let s = Session(output: out)
        s.run(SourceText(name: "<input>", text: "tensor([0.00001, 0.00002])"), echo: true)
        s.run(SourceText(name: "<input>", text: "print(tensor([0.00001, 0.00002]))"), echo: true)
        s.run(SourceText(name: "<input>", text: "d = dataset(\"iris\")\nmodel m { input(4); dense(3) }"), echo: true)
        s.run(SourceText(name: "<input>", text: "h = fit(m, d, epochs: 2, verbose: false)\nh\nr = evaluate(m, d)"), echo: true)
        let reported = out.text
        s.run(SourceText(name: "<input>", text: "r\nr.precision\nprint(r.precision == round(r.precision, 4))"), echo: true)
        let lines = out.text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "[1e-5, 2e-5]", "tiny values are not 0.0000 at the prompt")
        #expect(lines[1] == "[0.0000, 0.0000]", "print keeps the contract's 4 decimals")
        #expect(lines.contains { $0.hasPrefix("history: loss ") && $0.contains("(fields: loss, val_loss, accuracy") })
        let after = out.text.dropFirst(reported.count).split(separator: "\n").map(String.init)
        #expect(after[0].hasPrefix("evaluation: loss "))
        #expect(after[1].count <= 6, "r.precision is rounded for reading: \(after[1])")
        #expect(after[2] == "false", "the value itself keeps full precision")
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

    @Test func completesAttributesAfterADot() {
        let s = Session(output: CapturedOutput())
        s.run(SourceText(name: "<input>", text: "data = dataset(\"iris\")\nw = ones(2)\nmodel m { input(4); dense(3) }"), echo: false)
        #expect(s.completions(line: "data.", word: "") == ["x", "y", "size", "name", "classes"])
        #expect(s.completions(line: "print(data.s", word: "s") == ["size"])
        #expect(s.completions(line: "w.", word: "").contains("grad"))
        #expect(s.completions(line: "m.l", word: "l") == ["layers"])
        #expect(s.completions(line: "nothing.", word: "").isEmpty)
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
