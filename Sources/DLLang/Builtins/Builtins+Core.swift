import TextFormat
import DLTensor

extension Builtins {
    static func core() -> [Builtin] {
        [
            Builtin("print(*values, digits: 4)", "Writes the values on one line, separated by a space.",
                    example: "print(\"loss\", 0.25, [1, 2])") { a in
                let digits = try a.int("digits", default: 4)
                guard (0...12).contains(digits) else {
                    throw RuntimeError("print: digits must be between 0 and 12, got \(digits)")
                }
                let given = a.keyword("digits") != nil
                a.interpreter.output.write(a.positional.map { $0.printed(digits: digits, digitsGiven: given) }.joined(separator: " ") + "\n")
                return .none
            },
            Builtin("help([name])", "Shows a builtin's signature, meaning and an example; with no argument, lists them all.",
                    example: "help(softmax)") { a in
                let out = a.interpreter.output
                let table = a.interpreter.builtinTable
                if a.count == 0 {
                    out.write(HelpOverview.text(builtins: table, layers: Array(a.interpreter.layerTable.keys), width: out.traits.columns))
                    return .none
                }
                let name: String
                switch a.value(0) {
                case .builtin(let b): name = b.name
                case .string(let s):
                    if let topic = a.interpreter.helpTopics[s] {
                        out.write(topic.hasSuffix("\n") ? topic : topic + "\n")
                        return .none
                    }
                    name = s
                case .function(let f):
                    out.write("\(f.signature)\n  a function defined in this session\n")
                    return .none
                default: throw RuntimeError("help: give a builtin or its name, e.g. help(sum) or help(\"sum\")")
                }
                let layer = a.interpreter.layerTable[name]
                if let b = table[name] {
                    out.write(b.help + "\n")
                    if let layer { out.write("  in a model block: \(layer.builtin.signature), \(layer.builtin.summary)\n") }
                    return .none
                }
                if let layer {
                    out.write("\(layer.builtin.help)\n  (a layer: write it as one line of a model block)\n")
                    return .none
                }
                let near = closestName(to: name, among: Array(table.keys) + a.interpreter.layerTable.keys)
                throw RuntimeError("help: no builtin or layer named '\(name)'",
                                   help: near.map { "did you mean '\($0)'?" } ?? "help() lists everything by group")
            },
            Builtin("len(x)", "The number of items of a list, the characters of a string or a corpus, or the size of a tensor's first axis.",
                    example: "len([[1, 2], [3, 4], [5, 6]])") { a in
                switch a.value(0) {
                case .list(let l): return .number(Double(l.items.count))
                // Characters as a reader sees them (grapheme clusters), as s[i] and text() count them.
                case .string(let s): return .number(Double(s.count))
                case .corpus(let c): return .number(Double(c.size))
                case .tensor(let t):
                    guard t.rank > 0 else { throw RuntimeError("len: a tensor with no axes has no length", help: "use x.size") }
                    return .number(Double(t.shape[0]))
                case let v: throw RuntimeError("len: a \(v.typeName) has no length")
                }
            },
            Builtin("range(a, [b], [step])", "Whole numbers from 0 to a − 1, or from a up to (not including) b, as a list.",
                    example: "for i in range(3) { print(i) }") { a in
                let (start, step, n) = try rangeBounds(a)
                try a.checkSize(n, "a range of \(n) numbers")
                try ListBox.checkCount(n)
                return .list((0..<n).map { .number(Double(start + $0 * step)) })
            },
            Builtin("append(list, value)", "Adds a value to the end of a list (the list itself changes).",
                    example: "losses = []; append(losses, 0.5); print(losses)") { a in
                guard case .list(let l) = a.value(0) else {
                    throw RuntimeError("append: argument 1 must be a list, got a \(a.value(0).typeName)")
                }
                try l.append(a.value(1))
                return .none
            },
            Builtin("type(x)", "The name of a value's type, as a string.", example: "type(zeros(2))") { a in
                .string(a.value(0).typeName)
            },
            Builtin("str(x)", "The value as text, as print would write it.", example: "\"loss: \" + str(0.25)") { a in
                .string(a.value(0).printed())
            },
            Builtin("any(x)", "True when some element of a tensor (or item of a list) is nonzero.",
                    example: "any(tensor([0, 0, 1]) > 0)") { a in
                .bool(try a.tensor(0).storage.contains { $0 != 0 })
            },
            Builtin("all(x)", "True when every element of a tensor (or item of a list) is nonzero.",
                    example: "all(tensor([1, 2, 3]) > 0)") { a in
                .bool(try a.tensor(0).storage.allSatisfy { $0 != 0 })
            },
            Builtin("clock()", "Seconds since the session started, from a monotonic clock: subtract two readings to time code.",
                    example: "t0 = clock(); x = randn(100, 100) @ randn(100, 100); clock() - t0 >= 0") { a in
                let d = ContinuousClock.now - a.interpreter.startedAt
                return .number(d.seconds)
            },
            Builtin("round(x, [digits])", "A number rounded to the given digits after the point (default 0).",
                    example: "round(3.14159, 2)") { a in
                let x = try a.number(0, "x")
                let d = a.count > 1 ? try a.int(1, "digits") : 0
                let scale = powDouble(10, Double(d))
                return .number((x * scale).rounded(.toNearestOrEven) / scale)
            },
            Builtin("floor(x)", "The largest whole number not above x, of a number or of each element of a tensor (not recorded: its slope is 0).",
                    example: "floor(rand(2, 3) * 10)") { a in
                if case .tensor(let t) = a.value(0) { return .tensor(Tensor(shape: t.shape, storage: t.storage.map { $0.rounded(.down) })) }
                return .number(try a.number(0, "x").rounded(.down))
            },
        ]
    }

    /// The first number, the step and the count of `range(...)`'s numbers. `for i in range(n)`
    /// counts with these without making the list (constant memory, no size limit).
    static func rangeBounds(_ a: Arguments) throws -> (start: Int, step: Int, count: Int) {
        let start = a.count == 1 ? 0 : try a.int(0, "start")
        let stop = try a.int(a.count == 1 ? 0 : 1, "stop")
        let step = a.count == 3 ? try a.int(2, "step") : 1
        guard step != 0 else { throw RuntimeError("range: step cannot be 0") }
        let n = Swift.max(0, (stop - start + step + (step > 0 ? -1 : 1)) / step)
        return (start, step, n)
    }
}
