import DLTensor

/// The registry of builtins, grouped by topic in the `Builtins+*.swift` files.
enum Builtins {
    static func all() -> [String: Builtin] {
        var table: [String: Builtin] = [:]
        for b in core() + creation() + math() + shaping() + autograd() + losses() + nn() + loop() + data() + text() + inspect() + picture() + inside() + environment() + files() {
            precondition(table[b.name] == nil, "builtin \(b.name) defined twice")
            table[b.name] = b
        }
        return table
    }
}
