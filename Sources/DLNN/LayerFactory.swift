/// Turns a layer spec (from a model block or a model file) into its layer.
enum LayerFactory {
    static func make(_ spec: LayerSpec) throws -> Layer {
        switch spec.kind {
        case "dense": return try Dense(spec)
        case "conv2d": return try Conv2D(spec)
        case "flatten": return Flatten(spec)
        case "dropout": return try Dropout(spec)
        case "batchnorm": return BatchNorm(spec)
        case "layernorm": return LayerNorm(spec)
        case "maxpool": return try MaxPool(spec)
        case "avgpool": return try AvgPool(spec)
        case "embedding": return try Embedding(spec)
        case "positional": return try Positional(spec)
        case "sinusoidal": return Sinusoidal(spec)
        case "rnn": return try RNN(spec)
        case "lstm": return try LSTM(spec)
        case "gru": return try GRU(spec)
        case "last": return Last(spec)
        case "attention": return try Attention(spec)
        case "model": return try Model(spec: spec)
        case "residual": return try block(spec, (spec.layers ?? []).map { .spec($0) })
        case _ where Activation.kinds.contains(spec.kind): return Activation(spec)
        default: throw ModelError("unknown layer '\(spec.kind)'")
        }
    }

    /// A block whose lines are given as sources (they may share models).
    static func block(_ spec: LayerSpec, _ inner: [LayerSource]) throws -> Layer {
        guard spec.kind == "residual" else { throw ModelError("unknown block '\(spec.kind)'") }
        return Residual(inner)
    }
}
