import Foundation
import Testing
import DLLang

/// Every `.dl` file under Scripts/ runs as a session; its comments state what
/// it must print (`# expect: text`, one per output line, in order) and where
/// it must fail (`# expect error: message prefix`, on the line of the error).
@Suite struct ScriptTests {
    static let scripts: [String] = {
        let dir = Bundle.module.url(forResource: "Scripts", withExtension: nil)!
        return (try! FileManager.default.contentsOfDirectory(atPath: dir.path))
            .filter { $0.hasSuffix(".dl") }.sorted()
    }()

    @Test func thereAreScripts() { #expect(Self.scripts.count >= 8) }

    @Test(arguments: scripts)
    func scriptMeetsItsExpectations(_ name: String) throws {
        let url = Bundle.module.url(forResource: "Scripts", withExtension: nil)!.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let expected = Expectation.parse(text)
        // Scripts that save write /tmp/dlrepl-script-*; each run starts without them.
        let tmp = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for f in tmp where f.hasPrefix("dlrepl-script-\(name.dropLast(3))") { try? FileManager.default.removeItem(atPath: "/tmp/" + f) }
        let actual = Transcript.run(text, name: name)
        #expect(actual.count == expected.count, "\(actual.count) lines of output/errors, expected \(expected.count)")
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            switch (a, e) {
            case (.output(let got), .output(let want)):
                #expect(got == want, "output line \(i + 1)")
            case (.error(let got, let line), .error(let want, let wantLine)):
                #expect(got.hasPrefix(want), "error \(i + 1): got '\(got)'")
                #expect(line == wantLine, "error '\(got)' reported at line \(line), expected \(wantLine)")
            default:
                Issue.record("entry \(i + 1): got \(a), expected \(e)")
            }
        }
        if actual.count != expected.count {
            let lines: [String] = actual.map(\.description)
            Issue.record(Comment(rawValue: "transcript:\n" + lines.joined(separator: "\n")))
        }
    }
}

enum Entry: Equatable, CustomStringConvertible {
    case output(String)
    case error(String, line: Int)
    var description: String {
        switch self {
        case .output(let s): "output: \(s)"
        case .error(let s, let l): "error at line \(l): \(s)"
        }
    }
}

enum Expectation {
    static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: "# expect error: ") {
                entries.append(.error(String(line[r.upperBound...]), line: i + 1))
            } else if let r = line.range(of: "# expect: ") {
                entries.append(.output(String(line[r.upperBound...])))
            } else if line.hasSuffix("# expect:") {
                entries.append(.output(""))
            }
        }
        return entries
    }
}

/// Records output lines and errors in the order they happen.
final class Transcript: FrontEnd {
    var entries: [Entry] = []
    func receive(_ event: SessionEvent) {
        switch event {
        case .text(let t): write(t)
        case .picture(let p, _): write(p.plain)
        case .error(let t): writeError(t)
        default: break
        }
    }
    func write(_ text: String) {
        var t = text
        if t.hasSuffix("\n") { t.removeLast() }
        entries += t.split(separator: "\n", omittingEmptySubsequences: false).map { .output(String($0)) }
    }
    func writeError(_ text: String) {
        let lines = text.split(separator: "\n")
        let message = lines.first.map { String($0.dropFirst("error: ".count)) } ?? text
        let line = lines.dropFirst().first.flatMap { $0.split(separator: ":").dropLast().last }.flatMap { Int($0) } ?? 0
        entries.append(.error(message, line: line))
    }

    static func run(_ text: String, name: String) -> [Entry] {
        let transcript = Transcript()
        // Pictures are expected in block characters whatever the test's locale.
        let session = Session(transcript, traits: OutputTraits(unicode: true))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        session.runStream(name: name, echo: false) { lines.popFirst() }
        return transcript.entries
    }
}
