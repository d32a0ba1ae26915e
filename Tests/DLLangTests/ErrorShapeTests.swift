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

    @Test func theSessionReportsEngineErrorsThroughTheOneRenderer() {
        final class Capture: OutputSink {
            var errors = ""
            func write(_ text: String) {}
            func writeError(_ text: String) { errors += text }
        }
        let out = Capture()
        Session(output: out).run(SourceText(name: "t.dl", text: "model m { input(2); dense(2) }\nm(ones(3))"), echo: true)
        #expect(out.errors.hasPrefix("error: model m takes inputs of shape [batch, 2], got [3]\n  --> t.dl:2:2\n"))
    }
}
