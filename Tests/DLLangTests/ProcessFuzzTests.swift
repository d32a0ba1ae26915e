import Foundation
import Testing
import DLTensor

/// Fuzzing the real program, one process per input. The in-process tests in
/// RobustnessTests cannot see a crash (it would take the test runner with
/// it) nor a hang; here either is a failure naming the input. A fixed seed
/// and count keep CI reproducible and under a minute; DLREPL_FUZZ_COUNT (and
/// DLREPL_FUZZ_SEED) run longer by hand, and DLREPL_FUZZ_ONLY=12,40 runs just
/// those inputs of the sequence again:
///
///     DLREPL_FUZZ_COUNT=5000 swift test --filter ProcessFuzzTests
///     DLREPL_FUZZ_COUNT=100000 DLREPL_FUZZ_BINARY=/tmp/dlrepl-release swift test --filter ProcessFuzzTests
@Suite struct ProcessFuzzTests {
    /// Inputs that once crashed the process, exactly as they were reported.
    static let crashInputs: [String] = [
        "x = randn(2, 3); x[tensor([1e20])]",
        "x = randn(2, 3); x[tensor([1e20])] = 1",
        "onehot(tensor([1e19]), 3)",
        "onehot(tensor(1) / 0, 3)",
        "eye(4294967296)",
        "arange(-1e309)",
        "arange(1e308, 3e9)",
        "model q { input(4); dense(4294967296) }",
        "model q { input(1, 4, 4); conv2d(4294967296) }",
        "model q { input(1); dense(2147483648) }",
        "model q { input(1, 8, 8); conv2d(2, kernel: 3, padding: 3e9) }",
        "x = range(200000000)",
        Array(repeating: "1", count: 2_437).joined(separator: " + "),
        "x = ones(2, 2)\nx" + String(repeating: ".T", count: 3_000),
        "load(\"\\n\")",
        "load(\"/dev/zero\")",
        "dataset(\"/dev/zero\")",
        "zeros(0, 1099511627776)",          // found by this test: printing walked 10¹² positions
        "decode(text(\"names\"), tensor([1e20]))",   // found while writing decode: Int(1e20) trapped
        // Found by a fuzzer aimed at models: each crashed, hung or wrote a broken file.
        "model m { input(2); " + String(repeating: "residual { ", count: 3_500) + "dense(2)" + String(repeating: " }", count: 3_500) + " }",
        (["model a0 { input(2); dense(2) }"] + (1...40).map { "model a\($0) { a\($0 - 1); a\($0 - 1) }" }
            + ["params(a40)", "summary(a16)", "zero_grad(a16)", "save(a16, \"a.dlm\")", "export(a16, \"pytorch\", \"a.py\")"]).joined(separator: "\n"),
        (["model c0 { input(2); dense(2) }"] + (1...300).map { "model c\($0) { input(2); c\($0 - 1)() }" }
            + ["summary(c60)", "export(c60, \"pytorch\", \"c.py\")", "export(c60, \"keras\", \"c.py\")", "save(c60, \"c.dlm\")", "load(\"c.dlm\")"]).joined(separator: "\n"),
        "x = concat([ones(1000000) * 1e8, ones(1000000) * 1e-3, ones(1000000) * -1e8], axis: 0)\nmean(x)",
        "range(6000000)",
    ]

    /// Numbers that sit on the edges of what sizes, indices and conversions accept.
    static let edgeNumbers = ["0", "-1", "1e20", "1e309", "-1e309", "4294967296", "2147483648", "9007199254740993",
                              "0.5", "1e-320", "(0 / 0)", "(1 / 0)", "-2147483649", "1e15", "3e9"]

    static var count: Int { environmentInt("DLREPL_FUZZ_COUNT") ?? 600 }
    static var seed: UInt64 { UInt64(environmentInt("DLREPL_FUZZ_SEED") ?? 11) }

    static func environmentInt(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    /// The dlrepl built beside the test bundle (test.sh builds it first), or
    /// DLREPL_FUZZ_BINARY: a long run goes three times faster on a release
    /// build, and a copy is not replaced by the next debug build under it.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DLREPL_FUZZ_BINARY"] { return URL(fileURLWithPath: path) }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dlrepl")
    }

    /// Corpus scripts (already without their save(...) lines) and the crash inputs.
    static func corpus() throws -> [String] {
        try RobustnessTests.scripts() + crashInputs
    }

    /// Input `i`: first every crash input as it was, then mutations of the
    /// corpus: character edits, edge numbers in place of numbers, lines of
    /// two programs spliced, and random token soup.
    static func program(_ i: Int, corpus: [String], _ rng: inout RandomGenerator) -> String {
        if i < crashInputs.count { return crashInputs[i] }
        if rng.below(4) == 0 { return modelProgram(&rng) }
        var text = corpus[rng.below(corpus.count)]
        switch rng.below(5) {
        case 0:
            text = RobustnessTests.mutate(text, &rng)
        case 1:
            text = replacingNumbers(text, &rng)
        case 2:
            let a = text.split(separator: "\n"), b = corpus[rng.below(corpus.count)].split(separator: "\n")
            let cutA = a.isEmpty ? 0 : rng.below(a.count), cutB = b.isEmpty ? 0 : rng.below(b.count)
            text = (a.prefix(cutA) + b.dropFirst(cutB)).joined(separator: "\n")
        case 3:
            let v = RobustnessTests.vocabulary
            text = (0..<(1 + rng.below(60))).map { _ in v[rng.below(v.count)] }.joined(separator: " ")
        default:
            text = RobustnessTests.mutate(replacingNumbers(text, &rng), &rng)
        }
        return text
    }

    /// Models built from models: shared (a bare name, the same weights
    /// twice), copied (`name()`), inside `residual` blocks, and sequence
    /// layers, nested to random depths around the limits; then every walk
    /// over the tree (params, summary, zero_grad, save and load, the three
    /// exports, a forward pass, a short fit). Sizes are sometimes edge numbers.
    static func modelProgram(_ rng: inout RandomGenerator) -> String {
        let sequence = rng.below(3) == 0, lookup = !sequence && rng.below(4) == 0
        let width = rng.below(10) == 0 ? edgeNumbers[rng.below(edgeNumbers.count)] : String(1 + rng.below(4))
        var lines: [String]
        let input: String
        if lookup {
            // Ids into an embedding, then a recurrent layer: the LSTM's once-per-id path.
            input = "input(6)"
            lines = ["model b0 { \(input); embedding(4, \(width)); \(["lstm", "gru", "rnn"][rng.below(3)])(\(width)) }"]
        } else if sequence {
            input = "input(6, \(width))"
            let layer = ["lstm(\(width))", "gru(\(width))", "rnn(\(width))", "attention(heads: 1)", "layernorm()", "sinusoidal()", "positional(6)"]
            lines = ["model b0 { \(input); \(layer[rng.below(layer.count)]) }"]
        } else {
            input = "input(\(width))"
            lines = ["model b0 { \(input); dense(\(width)); \(["relu()", "tanh()", "layernorm()", "dropout(0.5)"][rng.below(4)]) }"]
        }
        let depth = [1 + rng.below(8), 10 + rng.below(60), 60 + rng.below(10), 100 + rng.below(300)][rng.below(4)]
        for k in 1...depth {
            let p = "b\(k - 1)"
            let forms = ["model b\(k) { \(p); \(p) }", "model b\(k) { \(input); \(p)() }", "model b\(k) { \(input); residual { \(p) } }",
                         "model b\(k) { \(input); residual { \(p)(); \(p) } }", "model b\(k) { \(p); residual { \(p)() } }"]
            lines.append(forms[rng.below(forms.count)])
        }
        let top = "b\(rng.below(depth + 1))"
        let sample = lookup ? "floor(rand(2, 6) * 4)" : sequence ? "randn(2, 6, \(width))" : "randn(2, \(width))"
        let ops = ["params(\(top))", "summary(\(top))", "zero_grad(\(top))", "save(\(top), \"m.dlm\")\nm2 = load(\"m.dlm\")\nsummary(m2)",
                   "export(\(top), \"pytorch\", \"m.py\")", "export(\(top), \"keras\", \"m.py\")", "export(\(top), \"onnx\", \"m.onnx\")",
                   "\(top)(\(sample))", "backprop(\(top), \(sample), \(top)(\(sample)))",
                   "fit(\(top), dataset(\(sample), \(top)(\(sample))), epochs: 2, verbose: false)",
                   // Looking inside walks the same trees: maps, recorded layers, a slice, a replay.
                   "neurons(\(top))", "landscape(\(top), dataset(\(sample), \(top)(\(sample))), steps: 3)",
                   "h = fit(\(top), dataset(\(sample), \(top)(\(sample))), epochs: 2, verbose: false)\nprint(len(h.layers))\nreplay(h, epoch: 1)\nlandscape(\(top), dataset(\(sample), \(top)(\(sample))), steps: 3, along: h)"]
        for _ in 0..<(1 + rng.below(4)) { lines.append(ops[rng.below(ops.count)]) }
        return lines.joined(separator: "\n")
    }

    static func replacingNumbers(_ text: String, _ rng: inout RandomGenerator) -> String {
        var chars = Array(text)
        var runs: [Range<Int>] = []
        var i = 0
        while i < chars.count {
            if chars[i].isNumber && (i == 0 || !(chars[i - 1].isLetter || chars[i - 1] == "_")) {
                let start = i
                while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" { i += 1 }
                runs.append(start..<i)
            } else {
                i += 1
            }
        }
        guard !runs.isEmpty else { return text }
        for _ in 0..<(1 + rng.below(3)) {
            let r = runs[rng.below(runs.count)]
            guard r.upperBound <= chars.count else { continue }
            chars.replaceSubrange(r, with: Array(edgeNumbers[rng.below(edgeNumbers.count)]))
            runs.removeAll { $0.overlaps(r) || $0.lowerBound >= r.lowerBound }
            if runs.isEmpty { break }
        }
        return String(chars)
    }

    enum Outcome: Equatable {
        case finished(Int32)
        case signal(Int32)
        case hung
    }

    /// Runs `text` as a piped session (statements go on after errors). After
    /// `patience` seconds it is sent Ctrl-C every half second, which must
    /// stop whatever runs; one still alive after `limit` seconds has hung.
    static func run(_ text: String, in dir: URL, name: String, elementLimit: Int?,
                    patience: Double = 2, limit: Double = 8) throws -> (Outcome, String) {
        let input = dir.appendingPathComponent(name + ".dl"), errors = dir.appendingPathComponent(name + ".err")
        try text.write(to: input, atomically: false, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let p = Process()
        p.executableURL = binary
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"   // a crash ends at once, without symbolication
        env["DLREPL_ELEMENT_LIMIT"] = elementLimit.map(String.init)
        p.environment = env
        // Closed when the run ends: a long fuzz ran out of descriptors after
        // about 12,000 inputs ("Bad file descriptor" starting the next one).
        let stdin = try FileHandle(forReadingFrom: input), stderrFile = try FileHandle(forWritingTo: errors)
        defer { try? stdin.close(); try? stderrFile.close() }
        p.standardInput = stdin
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderrFile
        try p.run()
        let start = Date()
        var nextInterrupt = patience
        while p.isRunning {
            let elapsed = Date().timeIntervalSince(start)
            if elapsed > limit { p.terminate(); kill(p.processIdentifier, SIGKILL); p.waitUntilExit(); return (.hung, "") }
            if elapsed > nextInterrupt { p.interrupt(); nextInterrupt += 0.5 }
            usleep(2_000)
        }
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: input)
        try? FileManager.default.removeItem(at: errors)
        let outcome: Outcome = p.terminationReason == .uncaughtSignal ? .signal(p.terminationStatus) : .finished(p.terminationStatus)
        return (outcome, stderr)
    }

    @Test func theProgramSurvivesFuzzedInput() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                "no dlrepl at \(Self.binary.path): run swift build first (test.sh does)")
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = try Self.corpus()
        var rng = RandomGenerator(seed: Self.seed)
        let only = ProcessInfo.processInfo.environment["DLREPL_FUZZ_ONLY"].map { Set($0.split(separator: ",").compactMap { Int($0) }) }
        var failures = 0, ran = 0
        let started = Date()
        for i in 0..<Swift.max(Self.count, (only?.max() ?? -1) + 1) {
            // A long run says how far it is, so a night's run can be read in the morning.
            if i > 0 && i % 5_000 == 0 {
                FileHandle.standardError.write(Data("fuzz: \(i) inputs, \(failures) failures, \(Int(Date().timeIntervalSince(started))) s\n".utf8))
            }
            let text = Self.program(i, corpus: corpus, &rng)
            if let only, !only.contains(i) { continue }
            // The crash inputs run with the real limits; mutations with a
            // small one, so that no input can take much memory.
            ran += 1
            let (outcome, stderr) = try Self.run(text, in: dir, name: "p\(i)", elementLimit: i < Self.crashInputs.count ? nil : 1_000_000)
            let trapped = stderr.contains("Fatal error") || stderr.contains("Program crashed")
            let ok: Bool
            switch outcome {
            case .finished(let status): ok = (status == 0 || status == 1) && !trapped
            case .signal, .hung: ok = false
            }
            if !ok {
                failures += 1
                let kept = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-fuzz-failure-\(i).dl")
                try? text.write(to: kept, atomically: true, encoding: .utf8)
                Issue.record("input \(i) (seed \(Self.seed)): \(outcome), saved as \(kept.path)\n\(stderr.prefix(400))")
                if failures >= 5 { break }
            }
        }
        if Self.count >= 5_000 {
            FileHandle.standardError.write(Data("fuzz: \(ran) of \(Self.count) inputs run (seed \(Self.seed)), \(failures) failures, \(Int(Date().timeIntervalSince(started))) s\n".utf8))
        }
    }

    @Test func numberReplacementHitsEveryNumberShape() {
        var rng = RandomGenerator(seed: 1)
        let text = "zeros(2, 3)\nx = 1.5e3 + v2"
        var seen = Set<String>()
        for _ in 0..<200 { seen.insert(Self.replacingNumbers(text, &rng)) }
        #expect(seen.count > 10)
        #expect(seen.allSatisfy { $0.contains("v2") }, "digits inside names are not numbers")
    }
}
