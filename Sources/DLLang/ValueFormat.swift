import DLTensor
import DLNN
import DLData
import TextFormat

/// How a value is written: by `print` (the language's fixed digits) or for
/// reading at the prompt (significant digits, records as one-line summaries).
struct ValueStyle {
    var digits = 4
    var forReading = false
    /// Numbers read from a report (`r.precision`) are rounded for reading;
    /// the value itself keeps full precision.
    var roundNumbers = false
    /// `print(..., digits: n)` asked for n decimals: numbers are rounded
    /// too, not only tensors (a history's losses are a list of numbers).
    var numbersToDigits = false
}

extension Value {
    /// The text `print` writes; `digitsGiven` rounds numbers to `digits` decimals as well.
    public func printed(digits: Int = 4, digitsGiven: Bool = false) -> String {
        switch self {
        case .string(let s): return s
        default:
            var open: Set<ObjectIdentifier> = []
            return text(ValueStyle(digits: digits, numbersToDigits: digitsGiven), open: &open)
        }
    }

    /// The value as source-like text (strings quoted, as in a list), with `print`'s digits.
    public func shown(digits: Int = 4) -> String {
        var open: Set<ObjectIdentifier> = []
        return text(ValueStyle(digits: digits), open: &open)
    }

    /// What the prompt shows for a bare expression.
    public func displayed(roundingNumbers: Bool = false) -> String {
        var open: Set<ObjectIdentifier> = []
        return text(ValueStyle(forReading: true, roundNumbers: roundingNumbers), open: &open)
    }

    /// `open` holds the lists being printed around this value: one seen again is a cycle.
    private func text(_ style: ValueStyle, open: inout Set<ObjectIdentifier>) -> String {
        switch self {
        case .number(let v) where style.numbersToDigits && v != v.rounded(): NumberFormat.fixed(v, decimals: style.digits)
        case .number(let v): style.roundNumbers && v != v.rounded() ? NumberFormat.readable(v) : NumberFormat.shortest(v)
        case .tensor(let t): style.forReading ? t.readable() : t.formatted(digits: style.digits)
        case .string(let s): quoted(s)
        case .bool(let b): b ? "true" : "false"
        case .none: "none"
        case .list(let l): Value.show(l, style, open: &open)
        case .function(let f): "<fn \(f.signature)>"
        case .builtin(let b): "<builtin \(b.signature)>"
        case .model(let m): "<model \(m.name): \(m.layers.count) layers, \(m.parameterCount) params>"
        case .layer(let l): "<\(l.spec.kind) \(Shape.describe(l.outputShape))>"
        case .dataset(let d): d.summary
        case .corpus(let c): c.summary
        case .optimizer(let o): o.description
        case .schedule(let s): "schedule \(s)"
        case .environment(let e): "<\(e.summary)>"
        case .record(let r) where style.forReading: r.summary
        case .record(let r):
            "\(r.kind)(" + r.fieldNames.map { "\($0): \(r[$0]!.text(style, open: &open))" }.joined(separator: ", ") + ")"
        }
    }
}

extension Value {
    fileprivate static func show(_ l: ListBox, _ style: ValueStyle, open: inout Set<ObjectIdentifier>) -> String {
        let id = ObjectIdentifier(l)
        guard open.insert(id).inserted else { return "[...]" }
        defer { open.remove(id) }
        return "[" + l.items.map { $0.text(style, open: &open) }.joined(separator: ", ") + "]"
    }
}

extension Record {
    /// One line for the prompt: the kind, then each field briefly
    /// (`history: loss 0.693 → 0.081 · accuracy 0.5 → 0.97 · epochs 50`).
    var summary: String {
        var parts: [String] = []
        for name in fieldNames {
            guard let v = self[name] else { continue }
            switch v {
            case .number(let x): parts.append("\(name) \(NumberFormat.readable(x))")
            case .bool(let b): parts.append("\(name) \(b)")
            case .none: continue
            case .tensor(let t): parts.append("\(name) \(Shape.describe(t.shape))")
            case .list(let l):
                let xs = l.items.compactMap { if case .number(let x) = $0 { x } else { nil } }
                if xs.isEmpty { continue }
                if xs.count != l.items.count { parts.append("\(name) [\(l.items.count) values]"); continue }
                let first = NumberFormat.readable(xs[0]), last = NumberFormat.readable(xs[xs.count - 1])
                parts.append(first == last ? "\(name) \(last)" : "\(name) \(first) → \(last)")
            default: parts.append("\(name) <\(v.typeName)>")
            }
        }
        return "\(kind): " + parts.joined(separator: " · ") + "  (fields: " + fieldNames.joined(separator: ", ") + ")"
    }
}

extension Expr {
    /// `r.precision`, `h.loss[-1]`: a value read from a field, whose numbers
    /// are rounded when shown.
    var readsAField: Bool {
        switch self {
        case .attribute: true
        case .index(let base, _, _): base.readsAField
        default: false
        }
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

extension Corpus {
    /// One line: `corpus sonnets: 95,650 characters, vocab 62 · "THE SONNETS\n\nby William Shakespeare…"`.
    var summary: String {
        let preview = String(text.prefix(40))
        let more = size > 40 ? "…" : ""
        return "corpus \(name): \(ModelSummary.grouped(size)) characters, vocab \(vocab.count) · \(Sanitize.displayable(quoted(preview)))\(more)"
    }
}

