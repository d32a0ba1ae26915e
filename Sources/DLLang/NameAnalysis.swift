/// The names a piece of code reads before writing them, and the names it
/// binds: what the notebook needs to mark cells stale when an input changes.
public struct NameUse: Equatable, Sendable {
    public var reads: Set<String> = []
    public var writes: Set<String> = []

    public init(reads: Set<String> = [], writes: Set<String> = []) { self.reads = reads; self.writes = writes }

    /// Parses `source`; code that does not parse uses no names.
    public static func of(_ source: String) -> NameUse {
        let (statements, diagnostics) = Parser.parse(SourceText(name: "<cell>", text: source))
        guard diagnostics.isEmpty else { return NameUse() }
        var use = NameUse()
        for s in statements { use.visit(s) }
        return use
    }

    private mutating func read(_ name: String) { if !writes.contains(name) { reads.insert(name) } }

    private mutating func visit(_ s: Stmt) {
        switch s {
        case .expression(let e): visit(e)
        case .assign(let targets, let value, _):
            visit(value)
            for t in targets { target(t) }
        case .compound(let t, _, let value, _):
            visit(value)
            visit(t)
            target(t)
        case .ifChain(let blocks, let elseBody, _):
            for b in blocks { visit(b.condition); b.body.forEach { visit($0) } }
            elseBody?.forEach { visit($0) }
        case .forLoop(let names, let iterable, let body, _):
            visit(iterable)
            writes.formUnion(names)
            body.forEach { visit($0) }
        case .whileLoop(let condition, let body, _):
            visit(condition)
            body.forEach { visit($0) }
        case .function(let name, let parameters, let body, _):
            // Names a function body uses from outside count as reads of the cell.
            var inner = NameUse(writes: Set(parameters.map(\.name)))
            for p in parameters { if let d = p.defaultValue { visit(d) } }
            body.forEach { inner.visit($0) }
            for r in inner.reads { read(r) }
            writes.insert(name)
        case .returnValue(let e, _): if let e { visit(e) }
        case .breakLoop, .continueLoop: break
        case .model(let name, let lines, _):
            // A line may name an earlier model (`encoder`, `block()`): a read.
            func visitLines(_ lines: [LayerLine]) {
                for l in lines {
                    l.arguments.forEach { visit($0.value) }
                    if !LayerCatalog.names.contains(l.name) { read(l.name) }
                    if case .block(let inner) = l.form { visitLines(inner) }
                }
            }
            visitLines(lines)
            writes.insert(name)
        }
    }

    private mutating func target(_ e: Expr) {
        switch e {
        case .name(let n, _): writes.insert(n.text)
        case .index(let base, _, _): visit(base)
        default: break
        }
    }

    private mutating func visit(_ e: Expr) {
        switch e {
        case .number, .string, .bool, .none: break
        case .name(let n, _): read(n.text)
        case .bracket(let items, _): items.forEach { visit($0) }
        case .negate(let x, _), .not(let x, _): visit(x)
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _): visit(a); visit(b)
        case .call(let f, let args, _): visit(f); args.forEach { visit($0.value) }
        case .index(let base, let items, _):
            visit(base)
            for item in items {
                switch item {
                case .single(let x): visit(x)
                case .slice(let a, let b, let c, _): [a, b, c].compactMap { $0 }.forEach { visit($0) }
                }
            }
        case .attribute(let base, _, _): visit(base)
        }
    }
}
