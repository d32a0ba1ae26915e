/// Variables of one scope; a function call gets its own, whose parent is the
/// scope the function was defined in. Names are found by their symbol
/// number: the global scope keeps one slot per symbol, a function's scope a
/// short list it scans (a call binds a few names).
final class Environment {
    /// Set again only when a finished call's scope is reused (`clear`, `reuse`).
    private(set) var parent: Environment?
    /// The global scope: a value (or nil) per symbol number.
    private var slots: [Value?] = []
    /// A function's scope: its first two names in place (most calls bind one or two:
    /// no array to allocate), the rest in one array. -1: no name yet.
    private var id0 = -1, id1 = -1
    private var value0: Value = .none, value1: Value = .none
    private var locals: [(id: Int, value: Value)] = []

    init(parent: Environment?) { self.parent = parent }

    /// A call's scope, with room for its parameters.
    init(parent: Environment, capacity: Int) {
        self.parent = parent
        if capacity > 2 { locals.reserveCapacity(capacity - 2) }
    }

    /// Forgets a finished call's names and parent, so the scope can serve another call.
    func clear() {
        parent = nil
        id0 = -1
        id1 = -1
        value0 = .none
        value1 = .none
        locals.removeAll(keepingCapacity: true)
    }

    /// A cleared scope as a new call's, whose function was defined in `parent`.
    func reuse(parent: Environment) { self.parent = parent }

    @inline(__always)
    private func own(_ id: Int) -> Value? {
        if parent == nil { return id < slots.count ? slots[id] : nil }
        if id0 == id { return value0 }
        if id1 == id { return value1 }
        for i in locals.indices where locals[i].id == id { return locals[i].value }
        return nil
    }

    @inline(__always)
    private func has(_ id: Int) -> Bool {
        if parent == nil { return id < slots.count && slots[id] != nil }
        return id0 == id || id1 == id || locals.contains { $0.id == id }
    }

    func lookup(_ name: Name) -> Value? { lookup(id: name.id) }
    func lookup(_ name: String) -> Value? { lookup(id: Symbols.id(name)) }

    /// Walks the scopes without retaining each (they are held by the caller's chain): a lookup
    /// is the interpreter's most frequent step.
    func lookup(id: Int) -> Value? {
        var env = Unmanaged.passUnretained(self)
        while true {
            if let v = env._withUnsafeGuaranteedRef({ $0.own(id) }) { return v }
            guard let p = env._withUnsafeGuaranteedRef({ $0.parentUnretained }) else { return nil }
            env = p
        }
    }

    private var parentUnretained: Unmanaged<Environment>? {
        guard let parent else { return nil }
        return Unmanaged.passUnretained(parent)
    }

    func define(_ name: Name, _ value: Value) { define(id: name.id, value) }
    func define(_ name: String, _ value: Value) { define(id: Symbols.id(name), value) }

    func define(id: Int, _ value: Value) {
        if parent == nil {
            if id >= slots.count { slots.append(contentsOf: repeatElement(nil, count: id - slots.count + 1)) }
            slots[id] = value
            return
        }
        if id0 == id { value0 = value; return }
        if id1 == id { value1 = value; return }
        for i in locals.indices where locals[i].id == id { locals[i].value = value; return }
        if id0 < 0 { id0 = id; value0 = value; return }
        if id1 < 0 { id1 = id; value1 = value; return }
        locals.append((id, value))
    }

    /// Rebinds where the name already lives (so `n += 1` in a function can
    /// update a global), else defines it here.
    func assignExisting(_ name: Name, _ value: Value) {
        var env: Environment? = self
        while let e = env {
            if e.has(name.id) { e.define(id: name.id, value); return }
            env = e.parent
        }
        define(id: name.id, value)
    }

    var names: [String] {
        var all = Set(parent == nil ? slots.indices.filter { slots[$0] != nil }.map(Symbols.text) : ([id0, id1].filter { $0 >= 0 } + locals.map(\.id)).map(Symbols.text))
        if let parent { all.formUnion(parent.names) }
        return Array(all)
    }
}
