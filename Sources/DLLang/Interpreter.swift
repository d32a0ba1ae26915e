import DLTensor

/// Walks the syntax tree. One interpreter is one session: its globals, its
/// random generator and its output sink live as long as the session does.
public final class Interpreter {
    let globals = Environment(parent: nil)
    var builtins: [String: Builtin] = [:] { didSet { builtinValues = [] } }
    /// `.builtin(b)` per symbol number, filled as names are first read (a builtin's value is boxed:
    /// made once, not at every call).
    private var builtinValues: [Value?] = []
    /// The core builtin `item`, for the `item(ids[i])` path (a variable or a registered builtin
    /// named item is not it).
    private let itemBuiltin: Builtin?
    /// The core builtin `append`, for the `append(xs, v)` path.
    private let appendBuiltin: Builtin?
    /// The layer calls allowed in a model block.
    let layerTable = LayerCatalog.all()
    public var rng = RandomGenerator(seed: 0)
    /// What `track(...)` recorded in this session.
    public internal(set) var tracked = TrackedSeries()
    let startedAt = ContinuousClock.now
    public let output: SessionOutput
    /// Polled between statements and loop iterations; true once per Ctrl-C.
    public var isInterrupted: () -> Bool = { false }
    /// The most elements one creation call may make (a typo like zeros(10000, 10000, 10)
    /// should be an error, not minutes of swapping).
    public var elementLimit = 200_000_000
    private var callDepth = 0
    /// Scopes of finished calls, cleared, for the next calls (one allocation fewer per call).
    private var framePool: [Environment] = []
    /// Emptied argument arrays of finished calls, for the next calls.
    private var argumentArrays: [[Value]] = []
    /// `[0]` to `[15]`, for vectorShape.
    private let vectorShapes: [[Int]] = (0..<16).map { [$0] }
    static let maxCallDepth = 200
    var stack = StackGuard()

    public init(output: SessionOutput) {
        self.output = output
        let all = Builtins.all()
        itemBuiltin = all["item"]
        appendBuiltin = all["append"]
        builtins = all
    }

    /// Names visible at the top level: variables, then builtins.
    public var visibleNames: [String] { globals.names + builtins.keys + layerTable.keys }
    public var builtinTable: [String: Builtin] { builtins }
    /// Texts `help("topic")` shows for a topic that is not one builtin (`help("lessons")`).
    public var helpTopics: [String: String] = [:]
    /// Pictures drawn so far (show, scatter): a lesson step about looking
    /// passes only after the look.
    public var picturesDrawn = 0

    /// Adds (or replaces) a builtin: front ends add their own commands, such as the lesson commands.
    public func register(_ builtin: Builtin) { builtins[builtin.name] = builtin }

    // MARK: - Statements

    enum Flow { case normal, returned(Value), broke, continued }

    /// Runs one top-level statement; `display` receives a bare expression's value.
    public func executeTopLevel(_ stmt: Stmt, display: (Value, Expr) -> Void) throws {
        stack.prepare()
        if case .expression(let e) = stmt {
            let v = try eval(e, in: globals)
            if case .none = v { return }
            display(v, e)
            return
        }
        switch try exec(stmt, in: globals) {
        case .normal: return
        case .returned: throw RuntimeError("'return' outside a function", at: stmt.location)
        case .broke: throw RuntimeError("'break' outside a loop", at: stmt.location)
        case .continued: throw RuntimeError("'continue' outside a loop", at: stmt.location)
        }
    }

    func execBlock(_ stmts: [Stmt], in env: Environment) throws -> Flow {
        for s in stmts {
            let flow = try exec(s, in: env)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    private func checkInterrupt(_ at: SourceLocation) throws {
        if isInterrupted() { throw RuntimeError("interrupted", at: at, help: "the values computed so far are kept") }
    }

    /// What every call does once its arguments are evaluated and before it runs, in the general
    /// path (`call`) and in each fast path alike: the stack's depth is measured again from here,
    /// and a pending Ctrl-C stops at the call.
    @inline(__always)
    private func beginCall(at loc: SourceLocation) throws {
        stack.prepare()
        try checkInterrupt(loc)
    }

    /// The location is worked out only for the error (an expression's start walks its left operands).
    @inline(__always)
    private func checkStack(_ at: @autoclosure () -> SourceLocation) throws {
        if stack.isNearlyFull() {
            let at = at()
            throw RuntimeError("this is nested too deeply to evaluate (the stack is nearly full)", at: at,
                               help: "a function may be calling itself without end, or an expression is very deep")
        }
    }

    func exec(_ stmt: Stmt, in env: Environment) throws -> Flow {
        try checkStack(stmt.location)
        switch stmt {
        case .expression(let e):
            _ = try eval(e, in: env)
        case .assign(let targets, let valueExpr, let loc):
            let value = try operand(valueExpr, in: env)
            if targets.count == 1 {
                // `a = b`: bound here, as assign would.
                if case .name(let n, _) = targets[0] { env.define(id: n.id, value) } else { try assign(value, to: targets[0], in: env) }
            } else {
                let items = try unpack(value, into: targets.count, at: loc)
                for (t, v) in zip(targets, items) { try assign(v, to: t, in: env) }
            }
        case .compound(let target, let op, let valueExpr, let loc):
            try compoundAssign(target, op, valueExpr, loc, in: env)
        case .ifChain(let blocks, let elseBody, _):
            for b in blocks where try truth(try eval(b.condition, in: env), at: b.condition.start) {
                return try execBlock(b.body, in: env)
            }
            if let elseBody { return try execBlock(elseBody, in: env) }
        case .forLoop(let names, let iterableExpr, let body, let loc):
            let ids = names.map(Symbols.id)
            /// Runs the body once per item; the flow that ends the loop early, or nil.
            func loop(_ count: Int, _ item: (Int) throws -> Value) throws -> Flow? {
                for i in 0..<count {
                    try checkInterrupt(loc)
                    let value = try item(i)
                    if names.count == 1 {
                        env.define(id: ids[0], value)
                    } else {
                        // `for xb, yb in batches(...)`: each item unpacks as `xb, yb = item` would.
                        for (id, v) in zip(ids, try unpack(value, into: names.count, at: loc)) { env.define(id: id, v) }
                    }
                    switch try execBlock(body, in: env) {
                    case .broke: return .normal
                    case .returned(let v): return .returned(v)
                    case .normal, .continued: continue
                    }
                }
                return nil
            }
            if let (start, step, count) = try lazyRange(iterableExpr, in: env) {
                // `for i in range(n)`: the numbers one at a time, no list (constant memory).
                return try loop(count) { .number(Double(start + $0 * step)) } ?? .normal
            }
            let iterable = try eval(iterableExpr, in: env)
            let count = try iterationCount(iterable, at: iterableExpr.start)
            // A string's characters once, not a walk from its start per item (corpus.text is long).
            let characters: [Character]? = if case .string(let s) = iterable { Array(s) } else { nil }
            if let flow = try loop(count, { i in try characters.map { .string(String($0[i])) } ?? iterationItem(iterable, i, at: iterableExpr.start) }) {
                return flow
            }
        case .whileLoop(let condition, let body, let loc):
            while try truth(try eval(condition, in: env), at: condition.start) {
                try checkInterrupt(loc)
                switch try execBlock(body, in: env) {
                case .broke: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continued: continue
                }
            }
        case .function(let name, let params, let body, _):
            env.define(name, .function(FunctionValue(name: name, parameters: params, body: body,
                                                     closure: env, source: sourceBox)))
        case .returnValue(let e, _):
            return .returned(try e.map { try operand($0, in: env) } ?? .none)
        case .breakLoop:
            return .broke
        case .continueLoop:
            return .continued
        case .model(let name, let lines, let loc):
            env.define(name, .model(try buildModel(name, lines, loc, in: env)))
        }
        return .normal
    }

    /// `range(...)` as a loop's iterable, when `range` is the builtin: its first number, step and
    /// count, checked with the same errors as the call, but no list is made (nor limited in size).
    private func lazyRange(_ expr: Expr, in env: Environment) throws -> (Int, Int, Int)? {
        guard case .call(.name(let callee, _), let argExprs, let loc) = expr, callee.text == "range", env.lookup(callee) == nil,
              let b = builtins["range"], b.signature == "range(a, [b], [step])" else { return nil }
        let (positional, keywords) = try evaluateArguments(.builtin(b), argExprs, in: env)
        try beginCall(at: loc)
        var args = Arguments(builtin: b, positional: positional, positionalAt: [],
                             keywords: keywords, location: loc, interpreter: self)
        args.argumentExprs = argExprs
        try args.validate()
        return try at(loc) { try Builtins.rangeBounds(args) }
    }

    /// The values `a, b = value` binds: a list's items, or a tensor's slices along its first axis.
    func unpack(_ value: Value, into count: Int, at loc: SourceLocation) throws -> [Value] {
        let items: [Value]
        switch value {
        case .list(let l): items = l.items
        case .tensor(let t) where t.rank > 0:
            items = try (0..<t.shape[0]).map { try iterationItem(value, $0, at: loc) }
        default:
            throw RuntimeError("cannot unpack a \(value.typeName) into \(count) names", at: loc,
                               help: "the right side must be a list of \(count) values")
        }
        guard items.count == count else {
            throw RuntimeError("cannot unpack \(items.count) values into \(count) names", at: loc)
        }
        return items
    }

    /// The source being run; function values remember it for their errors.
    public var currentSource: SourceText {
        get { sourceBox.source }
        set { sourceBox = SourceBox(newValue) }
    }
    private var sourceBox = SourceBox(SourceText(name: "<input>", text: ""))

    // MARK: - Expressions

    func eval(_ expr: Expr, in env: Environment) throws -> Value {
        try checkStack(expr.start)
        switch expr {
        case .number(let v, _): return .number(v)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .none: return .none
        case .name(let n, let loc):
            if let v = env.lookup(id: n.id) { return v }
            if n.id < builtinValues.count, let b = builtinValues[n.id] { return b }
            if let b = builtins[n.text] {
                if n.id >= builtinValues.count {
                    builtinValues.append(contentsOf: repeatElement(nil, count: n.id - builtinValues.count + 1))
                }
                builtinValues[n.id] = .builtin(b)
                return .builtin(b)
            }
            throw RuntimeError("undefined name '\(n.text)'", at: loc, help: suggestion(for: n.text, in: env))
        case .bracket(let elements, let loc):
            return try bracketLiteral(elements, loc, in: env)
        case .negate(let e, let loc):
            let v = try eval(e, in: env)
            switch v {
            case .number(let x): return .number(-x)
            case .tensor(let t): return .tensor(-t)
            default: throw RuntimeError("cannot negate a \(v.typeName)", at: loc)
            }
        case .not(let e, let loc):
            return .bool(!(try truth(try eval(e, in: env), at: loc)))
        case .and(let a, let b, let loc):
            guard try truth(try eval(a, in: env), at: loc) else { return .bool(false) }
            return .bool(try truth(try eval(b, in: env), at: loc))
        case .or(let a, let b, let loc):
            if try truth(try eval(a, in: env), at: loc) { return .bool(true) }
            return .bool(try truth(try eval(b, in: env), at: loc))
        case .binary(let op, let a, let b, let loc):
            let l = try operand(a, in: env)
            let r = try operand(b, in: env)
            // Two numbers: the common arithmetic and comparisons here, without the general dispatch.
            if case .number(let x) = l, case .number(let y) = r {
                switch op {
                case .add: return .number(x + y)
                case .sub: return .number(x - y)
                case .mul: return .number(x * y)
                case .lt: return .bool(x < y)
                case .le: return .bool(x <= y)
                case .gt: return .bool(x > y)
                case .ge: return .bool(x >= y)
                case .eq: return .bool(x == y)
                case .ne: return .bool(x != y)
                default: break
                }
            }
            return try at(loc) { try binary(op, l, r) }
        case .call(let calleeExpr, let argExprs, let loc):
            let callee = try operand(calleeExpr, in: env)
            // A function given every parameter by position (fib(n - 1)): each argument straight into
            // its scope, no argument array. The same order as below: arguments, then the call's checks.
            if case .function(let f) = callee, argExprs.count == f.parameters.count,
               !argExprs.contains(where: { $0.label != nil }) {
                var frame = newFrame(f)
                defer { recycle(&frame) }
                for (id, a) in zip(f.parameterIds, argExprs) { frame.define(id: id, try operand(a.value, in: env)) }
                try beginCall(at: loc)
                try checkCallDepth(at: loc)
                return try run(f, in: frame, given: argExprs.count, at: loc)
            }
            if case .builtin(let b) = callee, b === itemBuiltin, argExprs.count == 1, argExprs[0].label == nil,
               case .index(let baseExpr, let items, let iloc) = argExprs[0].value {
                return try itemOfIndex(callee, argExprs, baseExpr, items, iloc, at: loc, in: env)
            }
            if case .builtin(let b) = callee, b === appendBuiltin, argExprs.count == 2,
               argExprs[0].label == nil, argExprs[1].label == nil {
                // `append(xs, v)`, the builtin: its arguments, the call's checks, then the list grows;
                // anything but a list first goes through the builtin for its error.
                let list = try operand(argExprs[0].value, in: env)
                let item = try operand(argExprs[1].value, in: env)
                if case .list(let l) = list {
                    try beginCall(at: loc)
                    try at(loc) { try l.append(item) }
                    return .none
                }
                return try call(callee, positional: [list, item], argumentExprs: argExprs, keywords: [], at: loc)
            }
            var (positional, keywords) = try evaluateArguments(callee, argExprs, in: env)
            defer { recycle(&positional) }
            return try call(callee, positional: positional, argumentExprs: argExprs, keywords: keywords, at: loc)
        case .index(let baseExpr, let items, let loc):
            let base = try eval(baseExpr, in: env)
            return try index(base, items, loc, in: env)
        case .attribute(let baseExpr, let name, let loc):
            return try attribute(try eval(baseExpr, in: env), name, loc)
        }
    }

    /// A number or a bound name without a call to `eval` (its stack check is for expressions that
    /// nest; these do not); anything else through `eval`.
    @inline(__always)
    private func operand(_ e: Expr, in env: Environment) throws -> Value {
        switch e {
        case .number(let v, _): return .number(v)
        case .name(let n, _):
            if let v = env.lookup(id: n.id) { return v }
            if n.id < builtinValues.count, let b = builtinValues[n.id] { return b }
        default: break
        }
        return try eval(e, in: env)
    }

    private func bracketLiteral(_ elements: [Expr], _ loc: SourceLocation, in env: Environment) throws -> Value {
        // The contract's rule: all numbers, or all nested bracket literals that
        // became tensors of one shape, make a tensor; anything else is a list.
        // Numbers are gathered as they come (`[a, b, c]` in a loop) in scratch space on the stack:
        // values only once one is not a number.
        let n = elements.count
        if n == 0 { return .list([]) }
        return try withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { numbers in
            for k in 0..<n {
                let v = try operand(elements[k], in: env)
                if case .number(let x) = v { numbers[k] = x; continue }
                var values: [Value] = []
                values.reserveCapacity(n)
                for i in 0..<k { values.append(.number(numbers[i])) }
                values.append(v)
                for e in elements[(k + 1)...] { values.append(try eval(e, in: env)) }
                return try listOrTensor(elements, values, loc)
            }
            return .tensor(Tensor(shape: vectorShape(n), storage: floats(numbers, n)))
        }
    }

    /// The first n numbers as Floats. Up to four are written as a Swift array
    /// literal: the standard library allocates any other array through an
    /// unspecialized path that looks up the array's type at run time, about
    /// 360 instructions, a twentieth of a makemore window loop's iteration.
    private func floats(_ numbers: UnsafeMutableBufferPointer<Double>, _ n: Int) -> [Float] {
        switch n {
        case 1: return [Float(numbers[0])]
        case 2: return [Float(numbers[0]), Float(numbers[1])]
        case 3: return [Float(numbers[0]), Float(numbers[1]), Float(numbers[2])]
        case 4: return [Float(numbers[0]), Float(numbers[1]), Float(numbers[2]), Float(numbers[3])]
        default:
            return [Float](unsafeUninitializedCapacity: n) { buffer, count in
                for i in 0..<n { buffer[i] = Float(numbers[i]) }
                count = n
            }
        }
    }

    /// `[n]`, shared by the short vectors a loop builds (`[a, b, c]`): an array is a value, so
    /// a tensor that changes its shape copies it; an allocation fewer per literal.
    private func vectorShape(_ n: Int) -> [Int] {
        guard n < vectorShapes.count else { return [n] }
        return vectorShapes[n]
    }

    /// A bracket literal whose items are not all numbers: a tensor of its rows when every item is a
    /// bracket literal that made a tensor of one shape, else a list.
    private func listOrTensor(_ elements: [Expr], _ values: [Value], _ loc: SourceLocation) throws -> Value {
        var rows: [Tensor] = []
        for (e, v) in zip(elements, values) {
            guard case .bracket = e, case .tensor(let t) = v, t.shape == (rows.first?.shape ?? t.shape) else {
                let list = ListBox(values)
                guard list.nesting <= ListBox.maxNesting else {
                    throw RuntimeError("lists cannot nest more than \(ListBox.maxNesting) deep", at: loc)
                }
                return .list(list)
            }
            rows.append(t)
        }
        return .tensor(Tensor(shape: [rows.count] + rows[0].shape, storage: rows.flatMap(\.storage)))
    }

    // MARK: - Calls

    /// `item(ids[i])`, the builtin: the element as a number, without the one-element tensor that
    /// `ids[i]` would make only to be unwrapped. Evaluated in the general path's order (the index
    /// expression's stack check, its base, its index, then the call's checks); anything but an
    /// in-range number indexing a plain vector goes on with the values already computed.
    private func itemOfIndex(_ callee: Value, _ argExprs: [Argument], _ baseExpr: Expr, _ items: [IndexArgument],
                             _ iloc: SourceLocation, at loc: SourceLocation, in env: Environment) throws -> Value {
        try checkStack(argExprs[0].value.start)
        let base = try operand(baseExpr, in: env)
        let argument: Value
        if case .tensor(let t) = base, items.count == 1, case .single(let e) = items[0], t.rank == 1, !t.requiresGrad {
            let v = try operand(e, in: env)
            if let j = elementPosition(v, count: t.shape[0]) {
                try beginCall(at: loc)
                return .number(Builtins.itemNumber(t.storage[j]))
            }
            argument = try indexVector(t, by: v, e, iloc)
        } else {
            argument = try index(base, items, iloc, in: env)
        }
        return try call(callee, positional: [argument], argumentExprs: argExprs, keywords: [], at: loc)
    }

    /// The positional values and the keywords of a call, in source order.
    private func evaluateArguments(_ callee: Value, _ argExprs: [Argument], in env: Environment) throws
        -> ([Value], [(String, Value, SourceLocation)]) {
        var positional = argumentArrays.popLast() ?? []
        var keywords: [(String, Value, SourceLocation)] = []
        positional.reserveCapacity(argExprs.count)
        let isHelp = if case .builtin(let b) = callee { b.name == "help" } else { false }
        for a in argExprs {
            let v = try (isHelp ? Interpreter.helpTopic(a, in: env) : nil) ?? operand(a.value, in: env)
            if let label = a.label { keywords.append((label, v, a.location)) }
            else { positional.append(v) }
        }
        return (positional, keywords)
    }

    /// Keeps a finished call's argument array, emptied, for the next call's arguments (a builtin
    /// call then allocates none; one that kept the array keeps its values, emptying copies).
    @inline(__always)
    private func recycle(_ positional: inout [Value]) {
        guard argumentArrays.count < 64 else { return }
        // One at a time: removeAll(keepingCapacity:) goes through the general replaceSubrange, which
        // costs more than a call's few arguments.
        while !positional.isEmpty { positional.removeLast() }
        argumentArrays.append(positional)
    }

    /// `help(dense)`: a name that is not a variable is taken as the topic, so
    /// layers and lesson commands need no quotes, like builtins.
    private static func helpTopic(_ a: Argument, in env: Environment) -> Value? {
        guard a.label == nil,
              case .name(let name, _) = a.value, env.lookup(name) == nil else { return nil }
        return .string(name.text)
    }

    public func call(_ callee: Value, positional: [Value], positionalAt: [SourceLocation] = [],
                     keywords: [(String, Value, SourceLocation)] = [], at loc: SourceLocation) throws -> Value {
        try call(callee, positional: positional, positionalAt: positionalAt, argumentExprs: nil, keywords: keywords, at: loc)
    }

    /// A call the interpreter makes from source: `argumentExprs` tells where each argument starts.
    func call(_ callee: Value, positional: [Value], positionalAt: [SourceLocation] = [], argumentExprs: [Argument]?,
              keywords: [(String, Value, SourceLocation)], at loc: SourceLocation) throws -> Value {
        try beginCall(at: loc)
        switch callee {
        case .builtin(let b):
            var args = Arguments(builtin: b, positional: positional, positionalAt: positionalAt,
                                 keywords: keywords, location: loc, interpreter: self)
            args.argumentExprs = argumentExprs
            try args.validate()
            return try at(loc) { try b.run(args) }
        case .function(let f):
            return try callFunction(f, positional: positional, keywords: keywords, at: loc)
        case .model(let m):
            return try callModel(m, positional: positional, keywords: keywords, at: loc)
        default:
            throw RuntimeError("a \(callee.typeName) cannot be called", at: loc)
        }
    }

    private func callFunction(_ f: FunctionValue, positional: [Value], keywords: [(String, Value, SourceLocation)],
                              at loc: SourceLocation) throws -> Value {
        guard positional.count <= f.parameters.count else {
            throw RuntimeError("\(f.name) takes at most \(f.parameters.count) arguments, got \(positional.count)", at: loc,
                               help: "expected \(f.signature)")
        }
        try checkCallDepth(at: loc)
        var frame = newFrame(f)
        defer { recycle(&frame) }
        for (id, v) in zip(f.parameterIds, positional) { frame.define(id: id, v) }
        for (name, v, kloc) in keywords {
            guard let i = f.parameters.firstIndex(where: { $0.name == name }) else {
                throw RuntimeError("\(f.name) has no parameter '\(name)'", at: kloc, help: "expected \(f.signature)")
            }
            guard i >= positional.count else {
                throw RuntimeError("\(f.name) got '\(name)' twice, by position and by name", at: kloc)
            }
            frame.define(name, v)
        }
        return try run(f, in: frame, given: positional.count, keywords: keywords, at: loc)
    }

    /// A scope for a call of `f`: a finished call's, when one is kept, else a new one.
    @inline(__always)
    private func newFrame(_ f: FunctionValue) -> Environment {
        if let e = framePool.popLast() {
            e.reuse(parent: f.closure)
            return e
        }
        return Environment(parent: f.closure, capacity: f.parameters.count)
    }

    /// Keeps a finished call's scope for the next call, unless something still holds it (a function
    /// defined inside the call, as a closure).
    @inline(__always)
    private func recycle(_ frame: inout Environment) {
        guard framePool.count < Interpreter.maxCallDepth, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear()
        framePool.append(frame)
    }

    private func checkCallDepth(at loc: SourceLocation) throws {
        guard callDepth < Interpreter.maxCallDepth else {
            throw RuntimeError("too many nested calls (more than \(Interpreter.maxCallDepth))", at: loc,
                               help: "a function may be calling itself without end")
        }
    }

    /// Runs a function's body in `frame`, which holds its first `given` parameters and its `keywords`.
    private func run(_ f: FunctionValue, in frame: Environment, given: Int,
                     keywords: [(String, Value, SourceLocation)] = [], at loc: SourceLocation) throws -> Value {
        let savedSource = sourceBox
        sourceBox = f.sourceBox
        callDepth += 1
        defer { callDepth -= 1; sourceBox = savedSource }
        do {
            // Every parameter given by position (the usual call): no defaults to fill.
            if given < f.parameters.count || !keywords.isEmpty {
            for (i, p) in f.parameters.enumerated() where i >= given && !keywords.contains(where: { $0.0 == p.name }) {
                guard let d = p.defaultValue else {
                    throw RuntimeError("\(f.name) is missing argument '\(p.name)'", at: loc, help: "expected \(f.signature)")
                }
                frame.define(id: f.parameterIds[i], try eval(d, in: frame))
            }
            }
            switch try execBlock(f.body, in: frame) {
            case .returned(let v): return v
            case .normal: return .none
            case .broke, .continued: return .none
            }
        } catch {
            var e = RuntimeError.from(error, at: loc)
            if e.source == nil { e.source = f.source }
            throw e
        }
    }

    func suggestion(for name: String, in env: Environment) -> String? {
        closestName(to: name, among: env.names + builtins.keys).map { "did you mean '\($0)'?" }
    }
}

extension Stmt {
    var location: SourceLocation {
        switch self {
        case .expression(let e): e.start
        case .assign(let targets, _, _): targets[0].start
        case .compound(let t, _, _, _): t.start
        case .ifChain(_, _, let l), .forLoop(_, _, _, let l), .whileLoop(_, _, let l), .function(_, _, _, let l),
             .returnValue(_, let l), .breakLoop(let l), .continueLoop(let l), .model(_, _, let l):
            l
        }
    }
}
