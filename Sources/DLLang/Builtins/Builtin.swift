import TextFormat
import DLTensor

/// A function of the language implemented in Swift. Its signature string is
/// both the help text and the arity/keyword specification:
/// `name(x, [axis], *shape, key: default, required:)`. A class: a value, a
/// call's arguments and the tables share one, not a copy of its strings.
public final class Builtin {
    public let name: String
    public let signature: String
    public let summary: String
    public let example: String
    let minPositional: Int
    let maxPositional: Int?       // nil: variadic
    let keywords: [String]
    let requiredKeywords: [String]
    /// `**name` in the signature: any keyword is accepted (`track(loss: l)`).
    let anyKeyword: Bool
    let run: (Arguments) throws -> Value
    /// A heading for `help()` to list this builtin under (the lesson commands); nil for the core language.
    public var group: String?

    public init(_ signature: String, _ summary: String, example: String, group: String? = nil,
                run: @escaping (Arguments) throws -> Value) {
        self.group = group
        self.signature = signature
        self.summary = summary
        self.example = example
        self.run = run
        let open = signature.firstIndex(of: "(")!
        name = String(signature[..<open])
        let inner = signature[signature.index(after: open)..<signature.lastIndex(of: ")")!]
        var minP = 0, maxP: Int? = 0
        var kws: [String] = [], required: [String] = []
        var any = false
        for part in inner.split(separator: ",").map({ $0.trimmingSpaces }) where !part.isEmpty {
            if let colon = part.firstIndex(of: ":") {
                let key = String(part[..<colon])
                kws.append(key)
                if part[part.index(after: colon)...].trimmingSpaces.isEmpty { required.append(key) }
            } else if part.hasPrefix("**") {
                any = true
            } else if part.hasPrefix("*") {
                maxP = nil
            } else if part.hasPrefix("[") {
                maxP = maxP.map { $0 + 1 }
            } else {
                minP += 1
                maxP = maxP.map { $0 + 1 }
            }
        }
        minPositional = minP
        maxPositional = maxP
        keywords = kws
        requiredKeywords = required
        anyKeyword = any
    }

    /// The text `help(name)` prints.
    public var help: String {
        "\(signature)\n  \(summary)\n  example: \(example)"
    }
}


/// The arguments of one builtin call, with typed accessors whose errors name
/// the function and its expected form.
public struct Arguments {
    let builtin: Builtin
    let positional: [Value]
    let positionalAt: [SourceLocation]
    /// The call's argument expressions, when the interpreter made the call: where each
    /// positional argument starts is read from them only for an error (no array per call).
    var argumentExprs: [Argument]? = nil
    let keywords: [(String, Value, SourceLocation)]
    let location: SourceLocation
    public unowned let interpreter: Interpreter

    public var count: Int { positional.count }

    func validate() throws {
        let b = builtin
        if positional.count < b.minPositional || (b.maxPositional.map { positional.count > $0 } ?? false) {
            let expected: String
            if let maxP = b.maxPositional {
                expected = maxP == b.minPositional ? "\(maxP)" : "\(b.minPositional) to \(maxP)"
            } else {
                expected = "at least \(b.minPositional)"
            }
            let noun = (b.maxPositional == 1 && b.minPositional == 1) ? "argument" : "arguments"
            var help = "expected \(b.signature)"
            // fit(net, x, y), as in Keras: the inputs and targets go in one dataset here.
            if b.signature.contains("(net, data"), positional.count > 2,
               case .tensor = positional[1], case .tensor = positional[2] {
                help = "pair inputs and targets in a dataset: \(b.name)(net, dataset(x, y), …)"
            }
            throw RuntimeError("\(b.name) takes \(expected) \(noun), got \(positional.count)", at: location, help: help)
        }
        for (k, _, at) in keywords where !b.anyKeyword && !b.keywords.contains(k) {
            throw RuntimeError("\(b.name) has no keyword '\(k)'", at: at, help: "expected \(b.signature)")
        }
        for k in b.requiredKeywords where !keywords.contains(where: { $0.0 == k }) {
            throw RuntimeError("\(b.name) needs the keyword '\(k):'", at: location, help: "expected \(b.signature)")
        }
    }

    private func typeError(_ what: String, expected: String, got v: Value, at: SourceLocation) -> RuntimeError {
        RuntimeError("\(builtin.name): \(what) must be \(expected), got \(v.typeName == "none" ? "none" : "a " + v.typeName)",
                     at: at, help: "expected \(builtin.signature)")
    }

    /// Where the i-th positional argument was written (the call's place if it was not).
    public func at(_ i: Int) -> SourceLocation {
        if i < positionalAt.count { return positionalAt[i] }
        if let exprs = argumentExprs {
            var k = 0
            for a in exprs where a.label == nil {
                if k == i { return a.value.start }
                k += 1
            }
        }
        return location
    }

    public func value(_ i: Int) -> Value { positional[i] }

    func keyword(_ name: String) -> (Value, SourceLocation)? {
        keywords.first { $0.0 == name }.map { ($0.1, $0.2) }
    }

    // MARK: - Typed accessors

    func tensor(_ i: Int, _ what: String = "") throws -> Tensor {
        try toTensor(positional[i], what.isEmpty ? "argument \(i + 1)" : what, at(i))
    }

    func toTensor(_ v: Value, _ what: String, _ loc: SourceLocation) throws -> Tensor {
        switch v {
        case .tensor(let t): return t
        case .number(let x): return Tensor(scalar: Float(x))
        case .list(let l):
            // A list literal of tensors, e.g. from building rows in a loop.
            if l.items.isEmpty { throw typeError(what, expected: "a tensor", got: v, at: loc) }
            let parts = try l.items.map { try toTensor($0, what, loc) }
            return try DLLang.at(loc) { try Tensor.stack(parts, axis: 0) }
        default: throw typeError(what, expected: "a tensor", got: v, at: loc)
        }
    }

    public func number(_ i: Int, _ what: String = "") throws -> Double {
        try toNumber(positional[i], what.isEmpty ? "argument \(i + 1)" : what, at(i))
    }

    func toNumber(_ v: Value, _ what: String, _ loc: SourceLocation) throws -> Double {
        switch v {
        case .number(let x): return x
        case .tensor(let t) where t.count == 1: return Double(t.storage[0])
        case .bool(let b): return b ? 1 : 0
        default: throw typeError(what, expected: "a number", got: v, at: loc)
        }
    }

    public func int(_ i: Int, _ what: String = "") throws -> Int {
        try toInt(positional[i], what.isEmpty ? "argument \(i + 1)" : what, at(i))
    }

    func toInt(_ v: Value, _ what: String, _ loc: SourceLocation) throws -> Int {
        let x = try toNumber(v, what, loc)
        guard x == x.rounded(), Swift.abs(x) < 1e15 else {
            throw RuntimeError("\(builtin.name): \(what) must be a whole number, got \(NumberFormat.shortest(x))", at: loc,
                               help: "expected \(builtin.signature)")
        }
        return Int(x)
    }

    public func string(_ i: Int, _ what: String = "") throws -> String {
        guard case .string(let s) = positional[i] else {
            throw typeError(what.isEmpty ? "argument \(i + 1)" : what, expected: "a string", got: positional[i], at: at(i))
        }
        return s
    }

    func list(_ i: Int, _ what: String = "") throws -> [Value] {
        guard case .list(let l) = positional[i] else {
            throw typeError(what.isEmpty ? "argument \(i + 1)" : what, expected: "a list", got: positional[i], at: at(i))
        }
        return l.items
    }

    public func number(_ key: String, default d: Double) throws -> Double {
        guard let (v, loc) = keyword(key) else { return d }
        return try toNumber(v, "'\(key)'", loc)
    }

    public func int(_ key: String, default d: Int) throws -> Int {
        guard let (v, loc) = keyword(key) else { return d }
        return try toInt(v, "'\(key)'", loc)
    }

    /// An optional integer keyword; `none` counts as absent.
    func optionalInt(_ key: String) throws -> Int? {
        guard let (v, loc) = keyword(key) else { return nil }
        if case .none = v { return nil }
        return try toInt(v, "'\(key)'", loc)
    }

    public func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let (v, loc) = keyword(key) else { return d }
        guard case .bool(let b) = v else { throw typeError("'\(key)'", expected: "true or false", got: v, at: loc) }
        return b
    }

    /// Sizes given either as numbers `zeros(2, 3)` or as one list `zeros([2, 3])` / `zeros(x.shape)`.
    func shape(from start: Int) throws -> [Int] {
        var dims: [Int] = []
        if positional.count == start + 1, case .list(let l) = positional[start] {
            dims = try l.items.map { try toInt($0, "a size", at(start)) }
        } else if positional.count == start + 1, case .tensor(let t) = positional[start], t.rank == 1 {
            dims = try t.storage.map { try toInt(.number(Double($0)), "a size", at(start)) }
        } else {
            dims = try (start..<positional.count).map { try int($0, "size \($0 - start + 1)") }
        }
        for (i, d) in dims.enumerated() where d < 0 {
            throw RuntimeError("\(builtin.name): sizes cannot be negative, got \(d)", at: at(start + Swift.min(i, positional.count - start - 1)))
        }
        try checkSize(Shape.extent(dims) ?? Int.max, Shape.describe(dims))
        return dims
    }

    func checkSize(_ count: Int, _ what: String) throws {
        let limit = interpreter.elementLimit
        guard count <= limit else {
            throw RuntimeError("\(builtin.name): \(what) is too large (more than \(limit) elements)", at: location)
        }
    }
}
