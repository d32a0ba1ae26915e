import Foundation
import Testing
import DLLang
import DLTensor

/// Thousands of random token sequences and mutated programs: none may crash
/// the lexer, parser or interpreter; each run ends with a value or a diagnostic.
@Suite struct RobustnessTests {
    static let vocabulary: [String] = [
        "x", "y", "w", "f", "print", "sum", "mean", "zeros", "ones", "randn", "param", "backward", "grad",
        "softmax", "reshape", "tensor", "item", "range", "len", "graph", "help", "concat", "stack", "arange",
        "text", "encode", "decode", "sequences", "sample", "show", "\"names\"", "length:", "temperature:",
        "neurons", "landscape", "replay", "along:", "epoch:", "steps:", "record:", "layers", "update_ratio",
        "0", "1", "2", "3", "-1", "0.5", "1e-3", "\"s\"", "true", "false", "none",
        "if", "else", "for", "in", "while", "fn", "return", "break", "continue", "and", "or", "not",
        "+", "-", "*", "/", "%", "@", "**", "==", "!=", "<", "<=", ">", ">=", "=", "+=", "-=",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "\n", "\n", " ", "axis:", "shape", "T", "#c\n", "\"",
    ]

    static func run(_ text: String) -> (clean: Bool, output: CapturedOutput) {
        let out = CapturedOutput()
        let session = Session(output: out)
        var budget = 2_000
        session.interpreter.isInterrupted = { budget -= 1; return budget < 0 }
        session.interpreter.elementLimit = 100_000
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        let clean = session.runStream(name: "<fuzz>", echo: true) { lines.popFirst() }
        return (clean, out)
    }

    @Test func randomTokenSequences() {
        var rng = RandomGenerator(seed: 2024)
        for _ in 0..<3_000 {
            let n = 1 + rng.below(40)
            let text = (0..<n).map { _ in Self.vocabulary[rng.below(Self.vocabulary.count)] }.joined(separator: " ")
            let (clean, out) = Self.run(text)
            #expect(clean || out.errors.hasPrefix("error: "), "no diagnostic for: \(text)")
        }
    }

    /// The script corpus without its save(...) lines: a mutated program runs
    /// while ScriptTests runs the original, and both writing the same file
    /// made training.dl fail now and then (a mutated path could also write anywhere).
    static func scripts() throws -> [String] {
        let dir = Bundle.module.url(forResource: "Scripts", withExtension: nil)!
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
            .map { $0.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("save(") }.joined(separator: "\n") }
    }

    /// A few random edits of characters: deletions, duplications, stray
    /// punctuation, copied spans.
    static func mutate(_ text: String, _ rng: inout RandomGenerator) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + rng.below(6)) where !chars.isEmpty {
            let i = rng.below(chars.count)
            switch rng.below(4) {
            case 0: chars.remove(at: i)
            case 1: chars.insert(chars[rng.below(chars.count)], at: i)
            case 2: chars[i] = Array("()[]{}=,:;.\"#@*-\n0x")[rng.below(19)]
            default:
                let j = rng.below(chars.count)
                chars.insert(contentsOf: chars[Swift.min(i, j)..<Swift.max(i, j)].prefix(40), at: i)
            }
        }
        return String(chars)
    }

    @Test func mutatedPrograms() throws {
        let corpus = try Self.scripts()
        var rng = RandomGenerator(seed: 7)
        for _ in 0..<1_500 {
            let text = Self.mutate(corpus[rng.below(corpus.count)], &rng)
            let (clean, out) = Self.run(text)
            #expect(clean || out.errors.contains("error: "), "no diagnostic for a mutated program")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for opener in ["(", "[", "-", "not ", "if true { "] {
            let text = String(repeating: opener, count: 5_000) + "1"
            let (clean, out) = Self.run(text)
            #expect(!clean && out.errors.contains("error: "), "\(opener)")
        }
        // Within the limit, nesting works.
        let (clean, out) = Self.run("print(" + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100) + ")")
        #expect(clean && out.text == "1\n")
    }

    @Test func longChainsAreErrorsNotCrashes() {
        // A 10 KB line of 2,437 terms once overflowed the stack while evaluating.
        let sum = Array(repeating: "1", count: 2_437).joined(separator: " + ")
        let transposes = "x = ones(2, 3)\nx" + String(repeating: ".T", count: 3_000)
        for text in [sum, transposes, "f(" + Array(repeating: "1", count: 2_000).joined(separator: " * ") + ")"] {
            let (clean, out) = Self.run(text + "\nprint(\"after\")")
            #expect(!clean && out.errors.contains("error: this expression is too long a chain (more than 400 levels deep)"))
            #expect(out.text.hasSuffix("after\n"), "the session goes on")
        }
        // Within the bound, chains work.
        let (clean, out) = Self.run("print(" + Array(repeating: "1", count: 350).joined(separator: " + ") + ")")
        #expect(clean && out.text == "350\n")
    }

    @Test func deepRecursionOfDeepExpressionsIsAnError() {
        // 200 calls within the call limit, each 10 levels deep: more stack than the
        // parser's bound alone allows for.
        let nested = (1...10).map { "\($0) + (" }.joined() + "f(n - 1)" + String(repeating: ")", count: 10)
        let text = "fn f(n) {\n  if n == 0 { return 0 }\n  return \(nested)\n}\nf(199)\nprint(\"after\")"
        let (clean, out) = Self.run(text)
        #expect(!clean)
        #expect(out.errors.contains("nested too deeply to evaluate") || out.errors.contains("too many nested calls"))
        #expect(out.text.hasSuffix("after\n"))
    }

    @Test func runawayLoopsAreInterrupted() {
        let (clean, out) = Self.run("while true { x = 1 }")
        #expect(!clean && out.errors.contains("interrupted"))
    }
}
