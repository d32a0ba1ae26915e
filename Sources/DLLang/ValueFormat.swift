import DLTensor
import DLNN

extension Value {
    /// The text `print` writes.
    public func printed(digits: Int = 4) -> String {
        switch self {
        case .string(let s): s
        default: shown(digits: digits)
        }
    }

    /// The text the prompt shows for a bare expression (strings quoted, as in a list).
    public func shown(digits: Int = 4) -> String {
        var open: Set<ObjectIdentifier> = []
        return shown(digits: digits, open: &open)
    }

    /// `open` holds the lists being printed around this value: one seen again is a cycle.
    private func shown(digits: Int, open: inout Set<ObjectIdentifier>) -> String {
        switch self {
        case .number(let v): formatNumber(v)
        case .tensor(let t): t.formatted(digits: digits)
        case .string(let s): quoted(s)
        case .bool(let b): b ? "true" : "false"
        case .none: "none"
        case .list(let l): Value.show(l, digits: digits, open: &open)
        case .function(let f): "<fn \(f.signature)>"
        case .builtin(let b): "<builtin \(b.signature)>"
        case .model(let m): "<model \(m.name): \(m.layers.count) layers, \(m.parameterCount) params>"
        case .layer(let l): "<\(l.spec.kind) \(Shape.describe(l.outputShape))>"
        case .dataset(let d): d.summary
        case .optimizer(let o): o.description
        case .schedule(let s): "schedule \(s)"
        case .record(let r):
            "\(r.kind)(" + r.fieldNames.map { "\($0): \(r[$0]!.shown(digits: digits))" }.joined(separator: ", ") + ")"
        }
    }
}

extension Value {
    fileprivate static func show(_ l: ListBox, digits: Int, open: inout Set<ObjectIdentifier>) -> String {
        let id = ObjectIdentifier(l)
        guard open.insert(id).inserted else { return "[...]" }
        defer { open.remove(id) }
        return "[" + l.items.map { $0.shown(digits: digits, open: &open) }.joined(separator: ", ") + "]"
    }
}

func quoted(_ s: String) -> String {
    var out = "\""
    for c in s {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.append(c)
        }
    }
    return out + "\""
}
