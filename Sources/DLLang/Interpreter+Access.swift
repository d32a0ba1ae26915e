import TextFormat
import DLTensor
import DLNN
import DLData

extension Interpreter {
    // MARK: - Attributes

    static let tensorAttributes = ["shape", "T", "grad", "size", "ndim"]
    static let modelAttributes = ["layers", "name", "input_shape", "output_shape"]
    static let datasetAttributes = ["x", "y", "size", "name", "classes"]
    static let corpusAttributes = ["vocab", "vocab_size", "size", "name", "text"]
    static let environmentAttributes = ["state", "position", "steps", "done", "states", "actions", "optimal", "max_steps"]

    /// What `value.` can be followed by: for Tab completion and for the help
    /// of a misspelled attribute.
    static func attributeNames(of value: Value) -> [String] {
        switch value {
        case .tensor: tensorAttributes
        case .model: modelAttributes
        case .layer(let l): (l.namedParams + l.namedBuffers).map(\.0) + l.readouts.map(\.0) + (l.layers.isEmpty ? [] : ["layers"]) + ["kind", "output_shape"]
        case .dataset: datasetAttributes
        case .corpus: corpusAttributes
        case .environment: environmentAttributes
        case .optimizer: ["lr"]
        case .record(let r): r.fieldNames
        default: []
        }
    }

    /// A nested model is a model value (it can be called and summarised); other layers are layers.
    static func layerList(_ layers: [Layer]) -> Value {
        .list(layers.map { l in (l as? Model).map { .model($0) } ?? .layer(l) })
    }

    func attribute(_ base: Value, _ name: String, _ loc: SourceLocation) throws -> Value {
        switch base {
        case .tensor(let t):
            switch name {
            case "shape": return .list(t.shape.map { .number(Double($0)) })
            case "T": return try at(loc) { .tensor(try t.transposed()) }
            case "grad": return t.grad.map { .tensor($0) } ?? .none
            case "size": return .number(Double(t.count))
            case "ndim": return .number(Double(t.rank))
            default:
                throw RuntimeError("a tensor has no attribute '\(name)'", at: loc,
                                   help: "tensors have " + Interpreter.tensorAttributes.joined(separator: ", "))
            }
        case .model(let m):
            switch name {
            case "layers": return Interpreter.layerList(m.layers)
            case "name": return .string(m.name)
            case "input_shape": return .list(m.inputShape.map { .number(Double($0)) })
            case "output_shape": return .list(m.outputShape.map { .number(Double($0)) })
            default:
                throw RuntimeError("a model has no attribute '\(name)'", at: loc,
                                   help: "models have " + Interpreter.modelAttributes.joined(separator: ", "))
            }
        case .layer(let l):
            if let p = (l.namedParams + l.namedBuffers).first(where: { $0.0 == name }) { return .tensor(p.1) }
            if let (_, value) = l.readouts.first(where: { $0.0 == name }) {
                guard let value else {
                    throw RuntimeError("\(name) is there after a forward pass", at: loc, help: "run the model once first, e.g. y = net(x)")
                }
                return .tensor(value)
            }
            switch name {
            case "layers" where !l.layers.isEmpty: return Interpreter.layerList(l.layers)
            case "kind": return .string(l.spec.kind)
            case "output_shape": return .list(l.outputShape.map { .number(Double($0)) })
            default:
                throw RuntimeError("a \(l.spec.kind) layer has no attribute '\(name)'", at: loc,
                                   help: "it has " + Interpreter.attributeNames(of: base).joined(separator: ", "))
            }
        case .dataset(let d):
            switch name {
            case "x": return .tensor(d.x)
            case "y": return .tensor(d.y)
            case "size": return .number(Double(d.size))
            case "name": return .string(d.name)
            case "classes": return d.classCount.map { .number(Double($0)) } ?? .none
            default:
                throw RuntimeError("a dataset has no attribute '\(name)'", at: loc,
                                   help: "datasets have " + Interpreter.datasetAttributes.joined(separator: ", "))
            }
        case .corpus(let c):
            switch name {
            case "vocab": return .list(c.vocab.map { .string(String($0)) })
            case "vocab_size": return .number(Double(c.vocab.count))
            case "size": return .number(Double(c.size))
            case "name": return .string(c.name)
            case "text": return .string(c.text)
            default:
                throw RuntimeError("a corpus has no attribute '\(name)'", at: loc,
                                   help: "a corpus has " + Interpreter.corpusAttributes.joined(separator: ", "))
            }
        case .environment(let e):
            switch name {
            case "state": return .tensor(e.state)
            case "position": return .number(Double(e.position))
            case "steps": return .number(Double(e.steps))
            case "done": return .bool(e.done)
            case "states": return .number(Double(e.stateCount))
            case "actions": return .number(4)
            case "optimal": return .number(Double(e.optimalSteps))
            case "max_steps": return .number(Double(e.maxSteps))
            default:
                throw RuntimeError("an environment has no attribute '\(name)'", at: loc,
                                   help: "it has " + Interpreter.environmentAttributes.joined(separator: ", "))
            }
        case .optimizer(let o):
            guard name == "lr" else { throw RuntimeError("an optimizer has no attribute '\(name)'", at: loc, help: "it has lr") }
            return .number(o.lr)
        case .record(let r):
            if let v = r[name] { return v }
            throw RuntimeError("\(r.kind) has no field '\(name)'", at: loc,
                               help: "its fields are " + r.fieldNames.joined(separator: ", "))
        default:
            throw RuntimeError("a \(base.typeName) has no attribute '\(name)'", at: loc)
        }
    }

    // MARK: - Indexing

    func index(_ base: Value, _ items: [IndexArgument], _ loc: SourceLocation, in env: Environment) throws -> Value {
        switch base {
        case .tensor(let t):
            // `ids[i]` on a vector that records no gradient: the element, without planning a gather.
            if items.count == 1, case .single(let e) = items[0], t.rank == 1, !t.requiresGrad {
                return try indexVector(t, by: try eval(e, in: env), e, loc)
            }
            let resolved = try tensorIndex(items, in: env)
            return try at(loc) { .tensor(try t.indexed(resolved)) }
        case .list(let l):
            switch try sequenceIndex(l.items, items, loc, noun: "a list of \(l.items.count)", in: env) {
            case .one(let v): return v
            case .many(let vs): return .list(vs)
            }
        case .string(let s):
            // Characters, not one Value each: corpus.text may hold millions.
            let chars = Array(s)
            switch try sequenceIndex(chars, items, loc, noun: "a string of \(chars.count) characters", in: env) {
            case .one(let c): return .string(String(c))
            case .many(let cs): return .string(String(cs))
            }
        default:
            throw RuntimeError("a \(base.typeName) cannot be indexed", at: loc)
        }
    }

    /// Where a number index lands in a vector of `count`, counting back from the end when negative;
    /// nil when it is not a whole number in range (the general path says why).
    @inline(__always)
    func elementPosition(_ v: Value, count: Int) -> Int? {
        guard case .number(let x) = v, Swift.abs(x) < 1e15, let i = Int(exactly: x) else { return nil }
        let j = i < 0 ? i + count : i
        return j >= 0 && j < count ? j : nil
    }

    /// `t[v]` for a vector that records no gradient, `v` the value of the index expression `e`.
    func indexVector(_ t: Tensor, by v: Value, _ e: Expr, _ loc: SourceLocation) throws -> Value {
        if let j = elementPosition(v, count: t.shape[0]) { return .tensor(Tensor(shape: [], storage: [t.storage[j]])) }
        let resolved = [try tensorIndexItem(v, e)]
        return try at(loc) { .tensor(try t.indexed(resolved)) }
    }

    private enum Picked<T> { case one(T), many([T]) }

    /// One element, or a slice.
    private func sequenceIndex<T>(_ values: [T], _ items: [IndexArgument], _ loc: SourceLocation, noun: String,
                                  in env: Environment) throws -> Picked<T> {
        guard items.count == 1 else { throw RuntimeError("a list takes one index, got \(items.count)", at: loc) }
        switch items[0] {
        case .single(let e):
            let i = try integer(try eval(e, in: env), "index", at: e.start)
            let j = i < 0 ? i + values.count : i
            guard values.indices.contains(j) else {
                throw RuntimeError("index \(i) is out of range for \(noun)", at: e.start)
            }
            return .one(values[j])
        case .slice(let start, let stop, let step, let sloc):
            let st = try optionalInteger(step, in: env) ?? 1
            guard st != 0 else { throw RuntimeError("slice step cannot be 0", at: sloc) }
            let picks = sliceIndices(size: values.count, start: try optionalInteger(start, in: env),
                                     stop: try optionalInteger(stop, in: env), step: st)
            return .many(picks.map { values[$0] })
        }
    }

    private func optionalInteger(_ e: Expr?, in env: Environment) throws -> Int? {
        guard let e else { return nil }
        let v = try eval(e, in: env)
        if case .none = v { return nil }
        return try integer(v, "slice bound", at: e.start)
    }

    func integer(_ v: Value, _ what: String, at loc: SourceLocation) throws -> Int {
        switch v {
        case .number(let x) where Swift.abs(x) < 1e15 && Int(exactly: x) != nil: return Int(x)
        case .tensor(let t) where t.count == 1 && t.rank == 0 && Swift.abs(t.storage[0]) < 1e15 && Int(exactly: t.storage[0]) != nil:
            return Int(t.storage[0])
        case .tensor(let t) where t.count == 1 && t.rank == 0:
            throw RuntimeError("\(what) must be a whole number up to 1e15, got \(NumberFormat.shortest(t.storage[0]))", at: loc)
        default:
            throw RuntimeError("\(what) must be a whole number, got \(v.typeName == "number" ? v.shown() : "a " + v.typeName)", at: loc)
        }
    }

    private func tensorIndex(_ items: [IndexArgument], in env: Environment) throws -> [IndexItem] {
        try items.map { item in
            switch item {
            case .single(let e):
                return try tensorIndexItem(try eval(e, in: env), e)
            case .slice(let start, let stop, let step, _):
                return .range(start: try optionalInteger(start, in: env), stop: try optionalInteger(stop, in: env),
                              step: try optionalInteger(step, in: env))
            }
        }
    }

    /// One index of a tensor, from the value of the expression `e`.
    private func tensorIndexItem(_ v: Value, _ e: Expr) throws -> IndexItem {
        if case .tensor(let t) = v, t.rank > 0 {
            var positions: [Int] = []
            for x in t.storage {
                guard x == x.rounded() else {
                    throw RuntimeError("an index tensor must hold whole numbers", at: e.start)
                }
                // Past 1e15 no axis is that long; the bound also keeps Int(x) from trapping.
                guard Swift.abs(x) < 1e15 else {
                    throw RuntimeError("index \(NumberFormat.shortest(x)) is out of range", at: e.start)
                }
                positions.append(Int(x))
            }
            return .positions(positions, shape: t.shape)
        }
        return .at(try integer(v, "index", at: e.start))
    }

    // MARK: - Assignment

    func assign(_ value: Value, to target: Expr, in env: Environment) throws {
        switch target {
        case .name(let n, _):
            env.define(n, value)
        case .index(let baseExpr, let items, let loc):
            let base = try eval(baseExpr, in: env)
            switch base {
            case .list(let l):
                guard items.count == 1, case .single(let e) = items[0] else {
                    throw RuntimeError("a list element is set with one index: xs[i] = v", at: loc)
                }
                let i = try integer(try eval(e, in: env), "index", at: e.start)
                let j = i < 0 ? i + l.items.count : i
                guard l.items.indices.contains(j) else {
                    throw RuntimeError("index \(i) is out of range for a list of \(l.items.count)", at: e.start)
                }
                try DLLang.at(loc) { try l.set(value, at: j) }
            case .tensor(let t):
                let resolved = try tensorIndex(items, in: env)
                let source: Tensor
                switch value {
                case .tensor(let v): source = v
                case .number(let x): source = Tensor(scalar: Float(x))
                default: throw RuntimeError("cannot store a \(value.typeName) in a tensor", at: loc)
                }
                try at(loc) { try t.assign(source, at: resolved) }
            default:
                throw RuntimeError("cannot set an element of a \(base.typeName)", at: loc)
            }
        default:
            throw RuntimeError("cannot assign to this expression", at: target.start)
        }
    }

    /// `x += e`: tensors that are params or plain values update in place,
    /// unrecorded (the manual gradient step); recorded values rebind, so the
    /// graph stays correct; lists extend; everything else rebinds.
    func compoundAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ loc: SourceLocation,
                        in env: Environment) throws {
        let current = try eval(target, in: env)
        let rhs = try eval(valueExpr, in: env)
        if case .tensor(let t) = current, !t.requiresGrad || t.isParam {
            let other: Tensor
            switch rhs {
            case .tensor(let v): other = v
            case .number(let x): other = Tensor(scalar: Float(x))
            default: throw RuntimeError("cannot apply '\(op.rawValue)=' to a tensor and a \(rhs.typeName)", at: loc)
            }
            try at(loc) {
                switch op {
                case .add: try t.updateInPlace(with: other, "+=", +)
                case .sub: try t.updateInPlace(with: other, "-=", -)
                case .mul: try t.updateInPlace(with: other, "*=", *)
                default: try t.updateInPlace(with: other, "/=", /)
                }
            }
            return
        }
        if case .list(let l) = current, op == .add, case .list(let more) = rhs {
            try DLLang.at(loc) { try l.append(contentsOf: more.items) }
            return
        }
        let updated = try at(loc) { try binary(op, current, rhs) }
        if case .name(let n, _) = target { env.assignExisting(n, updated) } else { try assign(updated, to: target, in: env) }
    }
}
