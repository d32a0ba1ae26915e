import FileIO
import DLTensor
import DLNN

/// Why an export could not be written. One shape for every failure, so the
/// language turns it into a located error like any other learner error.
public struct ExportError: LearnerError, Sendable {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
}

/// A file for another framework, made from a built model.
public enum Export {
    public enum Format: String, CaseIterable, Sendable {
        case pytorch, keras, onnx

        public var displayName: String {
            switch self {
            case .pytorch: "PyTorch"
            case .keras: "Keras 3"
            case .onnx: "ONNX"
            }
        }
    }

    public struct Summary: Sendable {
        public let format: Format
        public let path: String
        public let bytes: Int
        public let parameters: Int
    }

    public static func format(named name: String) throws -> Format {
        guard let f = Format(rawValue: name.lowercased()) else {
            throw ExportError("export: unknown format '\(name)'",
                              help: "the formats are " + Format.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        return f
    }

    /// The file's bytes; nothing is written, so a test can look at them.
    /// `stop` is asked before each layer: a learner's Ctrl-C ends a long
    /// export (a model thousands of layers big) with nothing written.
    public static func bytes(_ model: Model, _ format: Format, stop: @escaping () -> Bool = { false }) throws -> [UInt8] {
        switch format {
        case .pytorch: Array(try compilable(PyTorchSource(model, stop: stop).text, format).utf8)
        case .keras: Array(try compilable(KerasSource(model, stop: stop).text, format).utf8)
        case .onnx: try ONNXGraph(model, stop: stop).modelBytes
        }
    }

    static let interrupted = ExportError("export: interrupted; nothing was written")

    /// Python's parser stops at 200 nested brackets ("too many nested
    /// parentheses"). Models are bounded so that their code stays under it;
    /// were one ever not, the export says so instead of writing a file that
    /// does not run.
    public static func compilable(_ source: String, _ format: Format) throws -> String {
        var depth = 0, deepest = 0, quote: Character?, comment = false
        for c in source {
            if comment { if c == "\n" { comment = false }; continue }
            if let q = quote { if c == q || c == "\n" { quote = nil }; continue }
            switch c {
            case "#": comment = true
            case "\"", "'": quote = c
            case "(", "[", "{": depth += 1; deepest = max(deepest, depth)
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        guard deepest < pythonBracketLimit else {
            throw ExportError("export: the \(format.displayName) code would nest \(deepest) brackets deep, more than Python reads (\(pythonBracketLimit - 1))",
                              help: "a model with fewer nested models and blocks exports")
        }
        return source
    }
    static let pythonBracketLimit = 200

    /// Writes atomically: a failed export leaves no half-written file where
    /// a framework would then fail to import it.
    public static func write(_ model: Model, _ format: Format, to path: String, stop: @escaping () -> Bool = { false }) throws -> Summary {
        let data = try bytes(model, format, stop: stop)
        do {
            try AtomicFile.write(data, to: path)
        } catch let e as FileError {
            throw ExportError("export: " + e.message, help: e.help ?? "check that the folder exists and can be written")
        }
        return Summary(format: format, path: path, bytes: data.count, parameters: model.parameterCount)
    }

    static func unsupported(_ layer: Layer, _ format: Format) -> ExportError {
        ExportError("export: \(layer.label) has no \(format.displayName) translation yet",
                    help: "every other layer exports; remove this one or export to another format")
    }
}

/// Walks the tree the way every target needs it: each layer with the
/// per-sample shape it receives and its path, shared models told apart.
struct ExportWalk {
    /// How many times each nested model appears: one placed twice is one set
    /// of weights, which a target defines once and uses twice.
    let uses: [ObjectIdentifier: Int]
    /// True when the learner has asked to stop (Ctrl-C).
    let stop: () -> Bool

    init(_ root: Model, stop: @escaping () -> Bool = { false }) {
        self.stop = stop
        var uses: [ObjectIdentifier: Int] = [:]
        for e in LayerTree.entries(of: root) where e.layer is Model { uses[ObjectIdentifier(e.layer), default: 0] += 1 }
        self.uses = uses
    }

    func isShared(_ layer: Layer) -> Bool { (uses[ObjectIdentifier(layer)] ?? 0) > 1 }

    /// The input shape of each child of a chain placed on `shape`; `built` is
    /// the shape the chain was built on. A shared model placed with more axes
    /// in front (a block declared on features, after an embedding) keeps those
    /// axes in front of every layer's shape.
    static func inputs(of layers: [Layer], from shape: [Int], built: [Int]) -> [[Int]] {
        let lead = Array(shape.prefix(Swift.max(0, shape.count - built.count)))
        var shapes: [[Int]] = []
        var s = built
        for l in layers {
            shapes.append(lead + s)
            s = outputShape(l, on: s)
        }
        return shapes
    }

    static func outputShape(_ layer: Layer, on shape: [Int]) -> [Int] {
        if let m = layer as? Model, m.builtShape != shape {
            return Array(shape.dropLast(m.builtShape.count)) + m.outputShape
        }
        return layer.outputShape
    }

    static func path(_ parent: String, _ i: Int) -> String { (parent.isEmpty ? "" : parent + ".") + "layers[\(i)]" }

    /// True when the model reads integer ids (an embedding first).
    static func readsIds(_ model: Model) -> Bool { LayerTree.leaves(of: model).first?.readsIds == true }
}
