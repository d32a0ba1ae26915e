/// Variables of one scope; a function call gets its own, whose parent is the
/// scope the function was defined in.
final class Environment {
    private var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment?) { self.parent = parent }

    func lookup(_ name: String) -> Value? {
        var env: Environment? = self
        while let e = env {
            if let v = e.values[name] { return v }
            env = e.parent
        }
        return nil
    }

    func define(_ name: String, _ value: Value) { values[name] = value }

    /// Rebinds where the name already lives (so `n += 1` in a function can
    /// update a global), else defines it here.
    func assignExisting(_ name: String, _ value: Value) {
        var env: Environment? = self
        while let e = env {
            if e.values[name] != nil { e.values[name] = value; return }
            env = e.parent
        }
        values[name] = value
    }

    var names: [String] {
        var all = Set(values.keys)
        if let parent { all.formUnion(parent.names) }
        return Array(all)
    }
}
