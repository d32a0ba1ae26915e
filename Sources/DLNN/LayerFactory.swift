/// The registry of layer kinds: turns a layer spec (from a model block or a
/// model file) into its layer, and lists the calls the language offers.
public enum LayerFactory {
    /// Every layer a model line can call. Computed, not stored: a list of
    /// metatypes is not Sendable, and it is read once per layer built.
    static var types: [any LayerType.Type] {
        [Dense.self, Conv2D.self, Flatten.self, Dropout.self, BatchNorm.self, LayerNorm.self,
         Pooling.self, Embedding.self, Positional.self, Sinusoidal.self,
         RNN.self, LSTM.self, GRU.self, Last.self, Attention.self, Activation.self]
    }

    /// The catalog entries of every registered layer, for the language.
    public static var entries: [LayerEntry] { types.flatMap { $0.entries } }
    public static var kinds: [String] { entries.map(\.kind) }

    static func make(_ spec: LayerSpec) throws -> Layer {
        switch spec.kind {
        // Containers are no calls of their own: a nested model comes from a
        // model's name, a residual from its block; their specs hold the layers.
        case "model": return try Model(spec: spec)
        case "residual": return try block(spec, (spec.layers ?? []).map { .spec($0) })
        default:
            guard let type = types.first(where: { $0.kinds.contains(spec.kind) }) else {
                throw ModelError("unknown layer '\(spec.kind)'")
            }
            return try type.init(spec)
        }
    }

    /// A block whose lines are given as sources (they may share models).
    static func block(_ spec: LayerSpec, _ inner: [LayerSource]) throws -> Layer {
        guard spec.kind == "residual" else { throw ModelError("unknown block '\(spec.kind)'") }
        return Residual(inner)
    }
}
