import FileIO
import Testing
import DLTensor
import DLNN
import DLData
@testable import DLLang

/// Every module's error has one shape (`LearnerError`) and becomes a runtime
/// error at a source location in one place (`RuntimeError.from`).
@Suite struct ErrorShapeTests {
    let here = SourceLocation(line: 3, column: 7)

    @Test func everyKindConvertsWithItsMessageHelpAndLocation() {
        let errors: [any LearnerError] = [
            TensorError("t", help: "th"), ModelError("m", help: "mh"), DataError("d", help: "dh"),
            FileError("f", help: "fh"), RuntimeError("r", help: "rh"),
        ]
        for e in errors {
            let r = RuntimeError.from(e, at: here)
            #expect(r.message == e.message && r.help == e.help && r.location == here, "\(type(of: e))")
        }
    }

    @Test func aLocatedRuntimeErrorKeepsItsOwnLocation() {
        let inner = SourceLocation(line: 1, column: 2)
        #expect(RuntimeError.from(RuntimeError("r", at: inner), at: here).location == inner)
    }

    @Test func aModelErrorPointsAtItsLayer() {
        let inner = LayerLine(name: "dense", arguments: [], location: SourceLocation(line: 12, column: 14))
        let layers = [LayerLine(name: "dense", arguments: [], location: SourceLocation(line: 10, column: 3)),
                      LayerLine(name: "residual", arguments: [], location: SourceLocation(line: 11, column: 3), form: .block([inner]))]
        #expect(RuntimeError.from(ModelError("m", layerPath: [0]), at: here, layers: layers).location == layers[0].location)
        // Inside a block, the innermost line that exists.
        #expect(RuntimeError.from(ModelError("m", layerPath: [1, 0]), at: here, layers: layers).location == inner.location)
        #expect(RuntimeError.from(ModelError("m", layerPath: [1, 3]), at: here, layers: layers).location == layers[1].location)
        // An index with no line falls back to the call's location.
        #expect(RuntimeError.from(ModelError("m", layerPath: [5]), at: here, layers: layers).location == here)
    }

    @Test func foreignErrorsAreShownOnOneLine() {
        struct Odd: Error, CustomStringConvertible { var description: String { "two\nlines\u{1B}[2J" } }
        let r = RuntimeError.from(Odd(), at: here)
        #expect(r.message == "two\\nlines\\u{1B}[2J" && r.location == here)
    }

    /// A notebook cell 40 wide: the source line is cut around the caret, so
    /// no line wraps and the caret stays under the failing name.
    @Test func aLongLineIsCutToTheOutputsWidthWithTheCaretUnderItsColumn() throws {
        let line = "total = " + (1...12).map { "w\($0)" }.joined(separator: " + ") + " + oops + 1"
        let column = line.distance(from: line.startIndex, to: line.range(of: "oops")!.lowerBound) + 1
        let source = SourceText(name: "[1]", text: line)
        let text = DiagnosticRenderer.render(Diagnostic("undefined name 'oops'", at: SourceLocation(line: 1, column: column)),
                                             in: source, columns: 40)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(text)")
        let shown = try #require(lines.first { $0.hasPrefix(" 1 | ") })
        let caret = try #require(lines.last { $0.hasSuffix("^") })
        let at = caret.count - 1
        #expect(Array(shown)[at...].starts(with: "oops"), "\(text)")
        // Without a width (a file, a pipe) the contract's form is unchanged.
        let plain = DiagnosticRenderer.render(Diagnostic("undefined name 'oops'", at: SourceLocation(line: 1, column: column)), in: source)
        #expect(plain.contains(" 1 | " + line))
    }

    @Test func theSessionReportsEngineErrorsThroughTheOneRenderer() {
        final class Capture: FrontEnd {
            var errors = ""
            func receive(_ event: SessionEvent) { if case .error(let text) = event { errors += text } }
        }
        let out = Capture()
        Session(out, traits: OutputTraits()).run(SourceText(name: "t.dl", text: "model m { input(2); dense(2) }\nm(ones(3))"), echo: true)
        #expect(out.errors.hasPrefix("error: model m takes inputs of shape [batch, 2], got [3]\n  --> t.dl:2:2\n"))
    }
}
