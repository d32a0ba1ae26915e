/// One entry of the model as the screen's layers panel shows it at one
/// moment of a fit: log10 upd/W at each step recorded so far, and the
/// latest histograms of its output and of the gradient flowing back into it.
public struct LayerTrace: Sendable, Equatable {
    public var name: String
    /// log10(|ΔW| / |W|) per recorded step; a step that left the weights
    /// unchanged (-infinity) is left out. Empty for a layer without weights.
    public var updateRatio: [Double]
    public var activations: Histogram?
    public var gradients: Histogram?

    public init(name: String, updateRatio: [Double], activations: Histogram?, gradients: Histogram?) {
        self.name = name
        self.updateRatio = updateRatio
        self.activations = activations
        self.gradients = gradients
    }
}

extension TrainingRecord {
    /// Every layer's trace through record `last` (every record when nil).
    public func traces(through last: Int? = nil) -> [LayerTrace] {
        let end = Swift.min((last ?? steps.count - 1) + 1, steps.count)
        return layers.map { layer in
            LayerTrace(name: layer.name,
                       updateRatio: layer.updateRatio.prefix(Swift.max(0, Swift.min(end, layer.updateRatio.count))).filter(\.isFinite),
                       activations: end > 0 && end <= layer.activations.count ? layer.activations[end - 1] : nil,
                       gradients: end > 0 && end <= layer.gradients.count ? layer.gradients[end - 1] : nil)
        }
    }

    /// The last record made during or before `epoch` (nil: none yet).
    public func lastRecord(atOrBefore epoch: Int) -> Int? {
        epochs.lastIndex { $0 <= epoch }
    }
}
