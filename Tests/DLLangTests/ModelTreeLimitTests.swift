import Testing
import DLLang
import DLNN
import DLTensor
import DLExport

/// The programs that crashed or hung dlrepl through its model trees: each
/// is now a clear error, or the right answer at once.
@Suite struct ModelTreeLimitTests {
    func run(_ text: String) -> CapturedOutput {
        let out = CapturedOutput()
        let session = Session(output: out)
        ExportCommand.register(in: session.interpreter)
        session.run(SourceText(name: "<test>", text: text), echo: false)
        return out
    }

    /// 3,500 nested residual blocks overflowed the stack (SIGSEGV).
    @Test func deeplyNestedBlocksAreAParseError() {
        let n = 3_500
        let out = run("model m { input(2); " + String(repeating: "residual { ", count: n) + "dense(2)"
                      + String(repeating: " }", count: n) + " }\nprint(1)")
        #expect(out.errors.hasPrefix("error: this is nested too deeply (more than 120 levels)"), "\(out.errors.prefix(200))")
        #expect(out.errors.count < 2_000, "the source line is shown around the caret, not whole")
    }

    @Test func modelsNestAtMostSixtyFourLevels() {
        let deep = run("model m { input(2); " + String(repeating: "residual { ", count: 100) + "dense(2)"
                       + String(repeating: " }", count: 100) + " }")
        #expect(deep.errors.hasPrefix("error: model m nests models and blocks 101 levels deep; at most 64 are allowed"), "\(deep.errors)")
        var chain = "model c0 { input(2); dense(2) }\n"
        for i in 1...70 { chain += "model c\(i) { input(2); c\(i - 1)() }\n" }
        let copies = run(chain)
        #expect(copies.errors.hasPrefix("error: model c64 nests models and blocks 65 levels deep"), "\(copies.errors)")
    }

    /// `model a1 { a0; a0 }` and so on: params, summary, zero_grad, save and
    /// export walked all 2ⁿ placements (SIGABRT after 19 s at a 4 GB limit).
    @Test func aSharedModelIsWalkedOnce() throws {
        var text = "model a0 { input(2); dense(2) }\n"
        for i in 1...10 { text += "model a\(i) { a\(i - 1); a\(i - 1) }\n" }
        let dir = "/tmp/dlrepl-tree-\(UInt32.random(in: 0...UInt32.max))"
        text += """
            print(len(params(a10)))
            zero_grad(a10)
            summary(a2)
            export(a10, "pytorch", "\(dir)-a10.py")
            print(a10(tensor([[1, 2]])).shape)
            model a11 { a10; a10 }
            """
        let out = run(text)
        #expect(out.text.hasPrefix("2\n"), "\(out.text)")
        #expect(out.text.contains("a1 (the same as 0)") && out.text.contains("a0 (the same as 0.0)"), "\(out.text)")
        #expect(out.text.contains("forward ≈ 16 mult-adds per sample"), "each placement costs, measured once per model")
        #expect(out.text.contains("[1, 2]"))
        #expect(out.errors.hasPrefix("error: model a11 places its layers 2048 times in one pass"), "\(out.errors)")
    }

    /// The deepest model allowed still exports code Python can parse.
    @Test func theDeepestModelExportsCodePythonReads() throws {
        var chain = "model c0 { input(2); dense(2); residual { dense(2) } }\n"
        for i in 1...31 { chain += "model c\(i) { input(2); residual { c\(i - 1)() } }\n" }
        let session = Session(output: CapturedOutput())
        #expect(session.run(SourceText(name: "<test>", text: chain), echo: false))
        guard case .model(let m)? = try? session.evaluate(SourceText(name: "<t>", text: "c31")) else {
            Issue.record("c31 was not built")
            return
        }
        #expect(LayerTree.size(of: m).depth == 64)
        for format in [Export.Format.pytorch, .keras] {
            let code = String(decoding: try Export.bytes(m, format), as: UTF8.self)
            #expect(try Export.compilable(code, format) == code)
        }
        let tooDeep = String(repeating: "(", count: 200) + String(repeating: ")", count: 200)
        #expect(throws: ExportError.self) { try Export.compilable("x = " + tooDeep + "  # (it's", .pytorch) }
    }

    /// Strings are capped at 10 MB; an 11 MB literal was accepted.
    @Test func aStringLiteralOverTheCapIsAnError() {
        let out = run("s = \"" + String(repeating: "a", count: 11_000_000) + "\"\nprint(1)")
        #expect(out.errors.hasPrefix("error: this string is longer than 10 MB"), "\(out.errors.prefix(120))")
        #expect(!out.text.hasPrefix("1"), "a program with a parse error runs nothing")
    }

    @Test func rangeSaysTheLimitTheDocsState() {
        let out = run("r = range(6000000)")
        #expect(out.errors.contains("more than 5000000 items"), "\(out.errors)")
    }
}
