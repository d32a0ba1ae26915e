/// Variables of one scope; a function call gets its own, whose parent is the
/// scope the function was defined in. Names are found by their symbol
/// number: the global scope keeps one slot per symbol, a function's scope a
/// short list it scans (a call binds a few names).
final class Environment {
    let parent: Environment?
    /// The global scope: a value (or nil) per symbol number.
    private var slots: [Value?] = []
    /// A function's scope: its names' numbers and values, in the order defined.
    private var localIds: [Int] = []
    private var localValues: [Value] = []

    init(parent: Environment?) { self.parent = parent }

    @inline(__always)
    private func own(_ id: Int) -> Value? {
        if parent == nil { return id < slots.count ? slots[id] : nil }
        for i in localIds.indices where localIds[i] == id { return localValues[i] }
        return nil
    }

    @inline(__always)
    private func has(_ id: Int) -> Bool {
        if parent == nil { return id < slots.count && slots[id] != nil }
        return localIds.contains(id)
    }

    func lookup(_ name: Name) -> Value? { lookup(id: name.id) }
    func lookup(_ name: String) -> Value? { lookup(id: Symbols.id(name)) }

    func lookup(id: Int) -> Value? {
        var env = self
        while true {
            if let v = env.own(id) { return v }
            guard let p = env.parent else { return nil }
            env = p
        }
    }

    func define(_ name: Name, _ value: Value) { define(id: name.id, value) }
    func define(_ name: String, _ value: Value) { define(id: Symbols.id(name), value) }

    func define(id: Int, _ value: Value) {
        if parent == nil {
            if id >= slots.count { slots.append(contentsOf: repeatElement(nil, count: id - slots.count + 1)) }
            slots[id] = value
            return
        }
        for i in localIds.indices where localIds[i] == id { localValues[i] = value; return }
        localIds.append(id)
        localValues.append(value)
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
        var all = Set(parent == nil ? slots.indices.filter { slots[$0] != nil }.map(Symbols.text) : localIds.map(Symbols.text))
        if let parent { all.formUnion(parent.names) }
        return Array(all)
    }
}
