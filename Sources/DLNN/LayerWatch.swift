import DLTensor

/// One row of a model's health during training, as plain values: the
/// screen's model panel shows them.
public struct LayerRow: Sendable, Equatable {
    public var index: Int
    public var kind: String
    public var output: String
    public var params: Int
    public var weightNorm: Double?
    public var gradNorm: Double?
    /// |ΔW| / |W| of one optimizer step: the last one measured.
    public var updateRatio: Double?
    /// "12% dead" for ReLU-like layers, "3% sat" for tanh/sigmoid.
    public var activity: String?

    public init(index: Int, kind: String, output: String, params: Int, weightNorm: Double? = nil,
                gradNorm: Double? = nil, updateRatio: Double? = nil, activity: String? = nil) {
        self.index = index
        self.kind = kind
        self.output = output
        self.params = params
        self.weightNorm = weightNorm
        self.gradNorm = gradNorm
        self.updateRatio = updateRatio
        self.activity = activity
    }
}

/// Watches a model's layers through training: norms of weights and
/// gradients, the share of dead or saturated units, and |ΔW|/|W| of exactly
/// one update (the weights are noted just before the update it measures).
public final class LayerWatch {
    private var before: [ObjectIdentifier: [Float]] = [:]
    private var ratios: [ObjectIdentifier: Double] = [:]

    public init() {}

    /// A new fit: nothing measured yet.
    public func reset() {
        before = [:]
        ratios = [:]
    }

    public var hasMeasuredAnUpdate: Bool { !ratios.isEmpty }

    /// Call just before an update that the next `rows` should measure.
    public func noteWeights(of model: Model) {
        for layer in model.layers {
            for w in Self.watched(layer) { before[ObjectIdentifier(w)] = w.storage }
        }
    }

    /// One row per entry of the model; a nested model or block is one row
    /// whose figures cover all the weights inside it. Activity needs the
    /// model to have recorded its activations (`recordsActivations`).
    public func rows(_ model: Model) -> [LayerRow] {
        model.layers.enumerated().map { i, layer in
            var row = LayerRow(index: i, kind: layer.layers.isEmpty ? layer.spec.kind : layer.label,
                               output: Shape.describe(layer.outputShape), params: layer.parameterCount)
            let watched = Self.watched(layer)
            if !watched.isEmpty {
                let norm = Self.l2(watched.map(\.storage))
                row.weightNorm = norm
                let grads = watched.compactMap(\.grad)
                row.gradNorm = grads.count == watched.count ? Self.l2(grads.map(\.storage)) : nil
                let key = ObjectIdentifier(watched[0])
                let noted = watched.compactMap { before.removeValue(forKey: ObjectIdentifier($0)) }
                if noted.count == watched.count, norm > 0 {
                    ratios[key] = Self.l2(zip(watched, noted).map { w, b in zip(w.storage, b).map { $0 - $1 } }) / norm
                }
                row.updateRatio = ratios[key]
            }
            if i < model.lastActivations.count {
                row.activity = layer.activity(model.lastActivations[i])
            }
            return row
        }
    }

    /// The weights a row's figures are about: a layer's first param (its
    /// weight matrix), or every param inside a nested model or block.
    public static func watched(_ layer: Layer) -> [Tensor] {
        layer.layers.isEmpty ? Array(layer.namedParams.prefix(1).map(\.1)) : layer.params
    }

    static func l2(_ parts: [[Float]]) -> Double {
        parts.reduce(0.0) { total, v in v.reduce(total) { $0 + Double($1) * Double($1) } }.squareRoot()
    }
}
