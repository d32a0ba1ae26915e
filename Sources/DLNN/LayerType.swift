/// How one layer kind appears in a model block: the call's signature (it is
/// also the arity and keyword check), the line `help()` shows, an example,
/// and the spec its arguments make.
public struct LayerEntry: Sendable {
    public let kind: String
    public let signature: String
    public let summary: String
    public let example: String
    public let makeSpec: @Sendable (any LayerArguments) throws -> LayerSpec

    init(_ signature: String, _ summary: String, example: String,
         spec: @escaping @Sendable (any LayerArguments) throws -> LayerSpec) {
        kind = String(signature.prefix { $0 != "(" })
        self.signature = signature
        self.summary = summary
        self.example = example
        makeSpec = spec
    }

    /// A call whose arguments, if any, the spec does not need.
    init(_ signature: String, _ summary: String, example: String) {
        let kind = String(signature.prefix { $0 != "(" })
        self.init(signature, summary, example: example) { _ in LayerSpec(kind) }
    }
}

/// A layer a model line can call by name. Conforming, and being listed in
/// `LayerFactory.types`, is all a new layer needs: the language's catalog,
/// help and argument checks, and model files all come from here.
protocol LayerType: Layer {
    /// One entry per kind this class builds (the activations share one class).
    static var entries: [LayerEntry] { get }
    init(_ spec: LayerSpec) throws
}

extension LayerType {
    static var kinds: [String] { entries.map(\.kind) }
}
