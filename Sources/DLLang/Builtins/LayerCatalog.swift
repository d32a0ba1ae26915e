import DLNN

/// The layer calls of a `model` block: DLNN's registry, each entry made a
/// `Builtin` for argument checking and help, plus `input(...)`, which is no
/// layer. A new layer is added in DLNN only (see `LayerFactory.types`).
enum LayerCatalog {
    struct Entry {
        let builtin: Builtin
        let make: (Arguments) throws -> LayerSpec
    }

    /// The names a model line may call besides earlier models.
    static let names: Set<String> = Set(all().keys)

    static func all() -> [String: Entry] {
        var table: [String: Entry] = [:]
        for e in [input] + LayerFactory.entries.map(entry) { table[e.builtin.name] = e }
        return table
    }

    private static var input: Entry {
        Entry(builtin: Builtin("input(*shape)", "The shape of one sample; the first line of every model.",
                               example: "model m { input(1, 28, 28); flatten(); dense(10) }") { _ in .none },
              make: { _ in LayerSpec("input") })
    }

    private static func entry(_ e: LayerEntry) -> Entry {
        Entry(builtin: Builtin(e.signature, e.summary, example: e.example) { _ in .none }, make: { try e.makeSpec($0) })
    }
}
