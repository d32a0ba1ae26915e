import TextFormat
import DLTensor
import DLNN

/// What the PyTorch and Keras files share: the weights, embedded so they
/// read back bit for bit (base64 of little-endian float32, which NumPy
/// decodes with frombuffer), and the helpers a file needs, each written once.
struct PythonWeights {
    private(set) var entries: [(key: String, tensor: Tensor)] = []
    private var keys: [ObjectIdentifier: String] = [:]

    /// `w["layers[0].weight"]`; a tensor met again (a shared model) keeps its first key.
    mutating func ref(_ t: Tensor, _ key: String) -> String {
        if let k = keys[ObjectIdentifier(t)] { return "w[\(Python.quoted(k))]" }
        keys[ObjectIdentifier(t)] = key
        entries.append((key, t))
        return "w[\(Python.quoted(key))]"
    }

    /// The `w = {...}` table, one line per tensor.
    var table: String {
        var out = "w = {\n"
        for (key, t) in entries {
            out += "    \(Python.quoted(key)): _tensor(\(Python.tuple(t.shape)), \"\(Base64.encode(float32: t.storage))\"),\n"
        }
        return out + "}\n"
    }
}

/// A framework a Python file is written for: its helpers, the names its
/// file defines itself, and how it translates a layer that is not a
/// `PythonHelperLayer` (nil: no translation for this framework).
protocol PythonTarget {
    static var format: Export.Format { get }
    static var helperSource: [String: String] { get }
    /// Helpers another helper uses, written before it.
    static var helperNeeds: [String: [String]] { get }
    static var taken: Set<String> { get }
    /// What the framework calls a layer, for the comment on a shared one.
    static var unit: String { get }
    static func translate(_ layer: Layer, _ c: inout PythonContext<Self>, path: String, input: [Int]) throws -> String?
    /// A chain of layers as one expression (nn.Sequential, keras.Sequential).
    static func sequential(_ items: [String]) -> String
}

/// What writing either Python file keeps track of: the weight table, the
/// helpers used, and the shared models, each defined once before `build` returns.
struct PythonContext<Target: PythonTarget> {
    var weights = PythonWeights()
    var helpers = PythonHelpers(Target.helperSource, needs: Target.helperNeeds)
    let walk: ExportWalk
    var definitions: [String] = []
    var sharedNames: [ObjectIdentifier: String] = [:]

    init(walk: ExportWalk) { self.walk = walk }

    mutating func w(_ t: Tensor, _ path: String, _ name: String) -> String { weights.ref(t, path + "." + name) }

    mutating func translate(_ layer: Layer, path: String, input: [Int]) throws -> String {
        if walk.stop() { throw Export.interrupted }
        let found = try (layer as? PythonHelperLayer)?.python(&self, path: path, input: input)
        guard let expr = try found ?? Target.translate(layer, &self, path: path, input: input) else {
            throw Export.unsupported(layer, Target.format)
        }
        // A container's own label is its name, shown where it is defined.
        return layer.layers.isEmpty ? expr + "  # \(layer.label)" : expr
    }

    mutating func chain(_ layers: [Layer], path: String, input: [Int], built: [Int]) throws -> [String] {
        try zip(layers.indices, ExportWalk.inputs(of: layers, from: input, built: built)).map { i, shape in
            try translate(layers[i], path: ExportWalk.path(path, i), input: shape)
        }
    }

    /// A nested model: inline where it appears once; a model placed more than
    /// once is one variable, defined once, so its weights stay one set.
    mutating func model(_ m: Model, path: String, input: [Int]) throws -> String {
        let id = Python.identifier(m.name)
        guard walk.isShared(m) else {
            return Target.sequential(try chain(m.layers, path: path, input: input, built: m.builtShape)) + "  # \(id)()"
        }
        if let v = sharedNames[ObjectIdentifier(m)] { return v + "  # \(id), the same weights again" }
        var v = id
        while sharedNames.values.contains(v) || Target.taken.contains(v) { v += "_" }
        sharedNames[ObjectIdentifier(m)] = v
        let body = Target.sequential(try chain(m.layers, path: path, input: input, built: m.builtShape))
        definitions.append("# \(v) is used more than once: one \(Target.unit), so one set of weights.\n\(v) = \(body)")
        return v + "  # \(id)"
    }
}

/// The helpers a generated file uses, in first-use order, each once.
struct PythonHelpers {
    private(set) var names: [String] = []
    let source: [String: String]
    let needs: [String: [String]]
    init(_ source: [String: String], needs: [String: [String]] = [:]) { self.source = source; self.needs = needs }

    mutating func use(_ name: String) {
        precondition(source[name] != nil, "no helper \(name)")
        for n in needs[name] ?? [] { use(n) }
        if !names.contains(name) { names.append(name) }
    }

    var text: String { names.map { source[$0]! }.joined(separator: "\n\n\n") }
}

extension LayerSpec {
    /// A number argument as float32 (the layer reads it so).
    func value(_ key: String, _ d: Float) -> Float { numbers[key].map { Float($0) } ?? d }
}

enum Python {
    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(ch)
            default:
                let hex = String(ch.value, radix: 16)
                out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return out + "\""
    }

    static func tuple(_ xs: [Int]) -> String {
        xs.count == 1 ? "(\(xs[0]),)" : "(" + xs.map(String.init).joined(separator: ", ") + ")"
    }

    /// A float as Python reads it back to the same float32.
    static func number(_ x: Float) -> String { NumberFormat.shortest(x) }

    /// A name usable as a Python identifier, from a dlrepl model's name.
    static func identifier(_ s: String) -> String {
        let cleaned = String(s.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" })
        let name = cleaned.first.map { $0.isNumber } ?? true ? "m_" + cleaned : cleaned
        return keywords.contains(name) ? name + "_" : name
    }

    /// A model may be called `class` or `lambda` in dlrepl; in Python those are not names.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// `children` inside `open`…`close`, one per line, indented.
    static func call(_ open: String, _ children: [String], close: String = ")") -> String {
        guard !children.isEmpty else { return open + close }
        let body = children.map { indent(withComma($0)) }.joined(separator: "\n")
        return open + "\n" + body + "\n" + close
    }

    /// The comma goes before a trailing comment, on the last line. On
    /// UTF-8 bytes: each nesting level passes its whole text through here and
    /// `indent`, and splitting it into Characters at every level made export
    /// of a 64-level model take 28 s.
    static func withComma(_ s: String) -> String {
        let u = Array(s.utf8)
        let lastLine = (u.lastIndex(of: 10).map { $0 + 1 }) ?? 0
        let comment: [UInt8] = Array("  # ".utf8)
        var at = u.count
        if u.count >= comment.count, lastLine <= u.count - comment.count {
            for i in lastLine...(u.count - comment.count) where u[i] == 32 && Array(u[i..<(i + comment.count)]) == comment {
                at = i
                break
            }
        }
        return String(decoding: u[..<at] + [44] + u[at...], as: UTF8.self)
    }

    /// Copies line by line in bulk (a model 64 levels deep passes its
    /// megabytes of text through here once per level).
    static func indent(_ s: String) -> String {
        var s = s
        return s.withUTF8 { u -> String in
            var out: [UInt8] = []
            out.reserveCapacity(u.count + u.count / 8 + 4)
            var start = 0
            while true {
                out.append(contentsOf: [32, 32, 32, 32])
                guard let nl = u[start...].firstIndex(of: 10) else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
                    break
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...nl]))
                start = nl + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The description line both files start with.
    static func header(_ model: Model, framework: String, inputNote: String) -> String {
        """
        # \(framework) version of the dlrepl model \(Sanitize.comment(model.name)), written by dlrepl's export(...).
        # `model` holds the trained weights (below, as float32 exactly); model(x) gives what
        # the dlrepl model gives, in evaluation mode. \(inputNote)
        # Importing this file trains nothing; it needs only \(framework) and NumPy.
        """
    }
}

private enum Sanitize {
    static func comment(_ s: String) -> String { String(s.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init)) }
}

/// Base64 (RFC 4648, with padding), the form Python's base64.b64decode reads.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(float32 values: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return encode(bytes)
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i]), b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
