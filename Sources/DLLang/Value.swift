import DLTensor
import DLNN
import DLData

/// A runtime value of the language.
public enum Value {
    case number(Double)
    case tensor(Tensor)
    case string(String)
    case bool(Bool)
    case none
    case list(ListBox)
    case function(FunctionValue)
    case builtin(Builtin)
    case record(Record)
    case model(Model)
    case layer(Layer)
    case dataset(Dataset)
    case corpus(Corpus)
    case optimizer(Optimizer)
    case schedule(Schedule)
    case environment(GridWorld)

    /// The type's name as messages use it.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .tensor: "tensor"
        case .string: "string"
        case .bool: "bool"
        case .none: "none"
        case .list: "list"
        case .function, .builtin: "function"
        case .record(let r): r.kind
        case .model: "model"
        case .layer: "layer"
        case .dataset: "dataset"
        case .corpus: "corpus"
        case .optimizer: "optimizer"
        case .schedule: "schedule"
        case .environment: "environment"
        }
    }

    public static func list(_ items: [Value]) -> Value { .list(ListBox(items)) }
}

/// Lists are shared by reference, as in Python, so `append(xs, v)` is seen
/// by every name bound to `xs`.
public final class ListBox {
    public private(set) var items: [Value]
    /// An upper bound of how deeply lists nest inside this one (1: no inner lists).
    public private(set) var nesting: Int

    /// Deeper lists are refused: printing and freeing them recurse once per level.
    static let maxNesting = 1_000
    /// Longer lists are refused. Each item is a whole `Value` (120 to 144
    /// bytes, thirty floats' worth), so the bound is about the bytes the
    /// default tensor limit allows (800 MB), not its element count; a fixed
    /// number, so the docs and the message agree on every build.
    static let maxCount = 5_000_000
    /// Longer strings are refused (doubling one in a loop fills memory fast).
    static let maxStringBytes = 10_000_000

    static func checkCount(_ n: Int) throws {
        guard n <= maxCount else {
            throw RuntimeError("a list of \(n) items is too large (more than \(maxCount) items)",
                               help: "a tensor holds numbers in far less memory: arange(n)")
        }
    }

    public init(_ items: [Value]) {
        self.items = items
        nesting = 1 + (items.map(\.nestingHint).max() ?? 0)
    }

    func append(_ v: Value) throws {
        try ListBox.checkCount(items.count + 1)
        try admit(v)
        items.append(v)
    }

    func append(contentsOf more: [Value]) throws {
        try ListBox.checkCount(items.count + more.count)
        for v in more { try admit(v) }
        items.append(contentsOf: more)
    }

    func set(_ v: Value, at i: Int) throws {
        try admit(v)
        items[i] = v
    }

    private func admit(_ v: Value) throws {
        let n = Swift.max(nesting, 1 + v.nestingHint)
        guard n <= ListBox.maxNesting else {
            throw RuntimeError("lists cannot nest more than \(ListBox.maxNesting) deep")
        }
        nesting = n
    }
}

extension Value {
    /// Cheap upper bound of list nesting, kept on each list when it is built.
    var nestingHint: Int {
        if case .list(let l) = self { return l.nesting }
        return 0
    }
}

/// A user function: its parameters, body and the scope it was defined in.
public final class FunctionValue {
    public let name: String
    let parameters: [Parameter]
    /// The parameters' symbol numbers, for binding them at each call.
    let parameterIds: [Int]
    let body: [Stmt]
    let closure: Environment
    let sourceBox: SourceBox
    var source: SourceText { sourceBox.source }

    init(name: String, parameters: [Parameter], body: [Stmt], closure: Environment, source: SourceBox) {
        self.name = name
        self.parameters = parameters
        parameterIds = parameters.map { Symbols.id($0.name) }
        self.body = body
        self.closure = closure
        sourceBox = source
    }

    var signature: String {
        "\(name)(" + parameters.map { $0.defaultValue == nil ? $0.name : "\($0.name): …" }.joined(separator: ", ") + ")"
    }
}

/// A source held by reference: a call swaps one pointer to its function's source, not two strings.
final class SourceBox {
    let source: SourceText
    init(_ source: SourceText) { self.source = source }
}

/// A value with named fields read with a dot (`r.accuracy`).
public final class Record {
    public let kind: String
    public private(set) var fieldNames: [String]
    private var fields: [String: Value]

    /// Records that a builtin already reported (evaluate, fit) are not shown again at the prompt.
    public let reported: Bool

    public init(kind: String, fields: [(String, Value)], reported: Bool = false) {
        self.kind = kind
        self.reported = reported
        self.fieldNames = fields.map(\.0)
        self.fields = Dictionary(fields, uniquingKeysWith: { $1 })
    }

    public subscript(name: String) -> Value? { fields[name] }
}
