import FileIO
import Testing
@testable import DLExport
@testable import DLLang
import DLNN
import DLTensor
#if canImport(Glibc)
import Glibc
#endif

/// Every layer type exports to every format (the Python side, Tests/export,
/// checks that the files compute the same outputs), and every failure is a
/// clear, located error.
@Suite struct ExportTests {
    private func model(_ source: String) throws -> Model {
        let out = CapturedOutput()
        let session = Session.exporting(out)
        #expect(session.run(SourceText(name: "t.dl", text: source), echo: false), "\(out.errors)")
        guard case .model(let m)? = session.interpreter.globals.lookup("m") else {
            throw ExportError("the source defines no model m")
        }
        return m
    }

    private func run(_ source: String) -> String {
        let out = CapturedOutput()
        Session.exporting(out).run(SourceText(name: "t.dl", text: source), echo: false)
        return out.errors
    }

    /// Each layer's own help example is a model using it: a type without a
    /// translation for some format fails here.
    @Test(arguments: LayerFactory.entries.map(\.kind))
    func everyLayerTypeExportsToEveryFormat(_ kind: String) throws {
        let entry = try #require(LayerFactory.entries.first { $0.kind == kind })
        let m = try model(entry.example)
        for format in Export.Format.allCases {
            let bytes = try Export.bytes(m, format)
            #expect(!bytes.isEmpty, "\(kind) to \(format)")
        }
    }

    @Test func containersAndSharedModelsExport() throws {
        let m = try model("model sq { input(4); dense(4) }\nmodel m { input(4); sq; sq; residual { dense(4); relu() }; sq() }")
        let torch = String(decoding: try Export.bytes(m, .pytorch), as: UTF8.self)
        // One module defined once and placed twice: one set of weights.
        #expect(torch.contains("sq = nn.Sequential("))
        #expect(torch.components("sq,  # sq, the same weights again") == 1)
        #expect(torch.contains("Residual("))
    }

    @Test func aModelNamedLikeAPythonKeywordGetsAnotherName() {
        #expect(Python.identifier("class") == "class_")
        #expect(Python.identifier("2d") == "m_2d")
        #expect(Python.identifier("enc") == "enc")
    }

    @Test func anUnsupportedLayerIsAnErrorForEveryFormat() throws {
        final class Unknown: Layer {
            let spec = LayerSpec("unknown")
            var outputShape: [Int] { [1] }
            var namedParams: [(String, Tensor)] { [] }
            func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] { [1] }
            func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor { x }
        }
        let m = try model("model m { input(1); dense(1) }")
        var torch = PyTorchSource.Context(walk: ExportWalk(m))
        #expect(throws: ExportError.self) { try torch.translate(Unknown(), path: "layers[0]", input: [1]) }
        var keras = KerasSource.Context(walk: ExportWalk(m))
        #expect(throws: ExportError.self) { try keras.translate(Unknown(), path: "layers[0]", input: [1]) }
        var onnx = ONNXGraph.Builder()
        do {
            _ = try onnx.layer(Unknown(), "x", path: "layers[0]", input: [1])
            Issue.record("no error")
        } catch let e as ExportError {
            #expect(e.message == "export: unknown has no ONNX translation yet")
        }
    }

    @Test func anUnknownFormatIsALocatedError() {
        let errors = run("model m { input(2); dense(1) }\nexport(m, \"tflite\", \"/tmp/m.x\")")
        #expect(errors.hasPrefix("error: export: unknown format 'tflite'\n  --> t.dl:2:11\n"), "\(errors)")
        #expect(errors.contains("\"pytorch\", \"keras\", \"onnx\""))
    }

    @Test func anUnwritablePathIsALocatedError() {
        let errors = run("model m { input(2); dense(1) }\nexport(m, \"onnx\", \"/no/such/folder/m.onnx\")")
        #expect(errors.hasPrefix("error: export: cannot write \"/no/such/folder/m.onnx\""), "\(errors)")
        #expect(errors.contains("--> t.dl:2:"))
    }

    @Test func notAModelIsAnError() {
        let errors = run("export(5, \"onnx\", \"/tmp/m.onnx\")")
        #expect(errors.hasPrefix("error: export: argument 1 must be a model"), "\(errors)")
    }

    @Test func theFileIsWrittenWholeWithNothingLeftBeside() throws {
        let dir = "/tmp/dlexport-test-\(getpid())"
        mkdir(dir, 0o755)
        defer { _ = Directory.names(dir)?.filter { $0 != "." && $0 != ".." }.map { unlink(dir + "/" + $0) }; rmdir(dir) }
        let out = CapturedOutput()
        Session.exporting(out).run(SourceText(name: "t.dl", text: "model m { input(2); dense(3) }\nexport(m, \"onnx\", \"\(dir)/m.onnx\")"), echo: false)
        #expect(out.errors.isEmpty, "\(out.errors)")
        #expect(out.text.hasPrefix("export: wrote \"\(dir)/m.onnx\" (ONNX, 9 weights,"))
        #expect(Directory.names(dir)?.filter { $0 != "." && $0 != ".." } == ["m.onnx"])
        let bytes = try FileBytes.read(dir + "/m.onnx")
        // ir_version 8 first, then the producer's name.
        #expect(Array(bytes.prefix(4)) == [0x08, 0x08, 0x12, 0x06])
    }

    @Test func catShowsAFileCutToTheWidthAndCountsWhatItLeavesOut() throws {
        let path = "/tmp/dlexport-cat-\(getpid()).txt"
        try AtomicFile.write(Array(("short\n" + String(repeating: "x", count: 300) + "\nthird\n").utf8), to: path)
        defer { unlink(path) }
        let out = CapturedOutput(columns: 40)
        Session.exporting(out).run(SourceText(name: "t.dl", text: "cat(\"\(path)\", lines: 2)"), echo: false)
        #expect(out.text == "short\n" + String(repeating: "x", count: 39) + "…\n… 1 more line (cat(path, lines: 3) shows them all)\n")
        let missing = run("cat(\"/no/such/file.txt\")")
        #expect(missing.hasPrefix("error: cannot open \"/no/such/file.txt\""), "\(missing)")
        #expect(missing.contains("--> t.dl:1:5"))
    }

    @Test func weightsRoundTripBitForBit() throws {
        let m = try model("seed(3)\nmodel m { input(3); dense(2) }")
        let torch = String(decoding: try Export.bytes(m, .pytorch), as: UTF8.self)
        let weight = m.layers[0].namedParams[0].1
        #expect(torch.contains(Base64.encode(float32: weight.storage)))
    }
}

private extension String {
    func components(_ s: String) -> Int {
        var n = 0, rest = self[...]
        while let r = rest.firstRange(of: s) { n += 1; rest = rest[r.upperBound...] }
        return n
    }
}

extension Session {
    /// A bare session with `export` registered, as the session host does.
    static func exporting(_ out: CapturedOutput) -> Session {
        let session = Session(output: out)
        ExportCommand.register(in: session.interpreter)
        return session
    }
}
