import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fills a `TrainingRecord` during fit. On a recorded step the model keeps
/// each layer's output; after backward those outputs hold the gradient of
/// the loss too, so both histograms come from the step itself, and the
/// watched weights are copied just before the optimizer moves them.
struct LayerRecorder {
    let model: Model
    private(set) var record: TrainingRecord
    private var recording = false
    private var keptBefore = false
    private var before: [[[Float]]] = []

    init(model: Model, skipsFinalActivation: Bool, plannedSteps: Int) {
        self.model = model
        let folded = skipsFinalActivation && model.finalActivation != nil ? model.layers.count - 1 : nil
        record = TrainingRecord(
            layers: model.layers.enumerated().map { i, layer in
                LayerHistory(name: "layers[\(i)] \(layer.label)", hasWeights: !LayerWatch.watched(layer).isEmpty)
            },
            foldedLayer: folded, plannedSteps: plannedSteps)
        let size = model.state.reduce(0) { $0 + $1.count }
        record.snapshotLimit = size > 0 ? Swift.min(TrainingRecord.maxSnapshots, TrainingRecord.snapshotBudget / size) : 0
        if record.snapshotLimit < 2 { record.snapshotLimit = 0 }
        record.keepWeights(model.snapshot(), epoch: 0)
    }

    /// Before the forward pass of step `globalStep` (1-based across epochs).
    mutating func begin(step globalStep: Int) {
        recording = globalStep % record.stride == 0
        guard recording else { return }
        keptBefore = model.recordsActivations
        model.recordsActivations = true
    }

    /// After backward, before the update: the histograms, and the weights
    /// as they are before this step changes them.
    mutating func beforeUpdate() {
        guard recording else { return }
        let outputs = model.lastActivations
        for (i, out) in outputs.enumerated() where i < record.layers.count {
            record.layers[i].activations.append(Histogram(out.storage, bins: TrainingRecord.bins, sample: TrainingRecord.binnedValues))
            let grad = out.grad.map(\.storage) ?? [Float](repeating: 0, count: out.count)
            record.layers[i].gradients.append(Histogram(grad, bins: TrainingRecord.bins, sample: TrainingRecord.binnedValues))
        }
        before = model.layers.map { LayerWatch.watched($0).map(\.storage) }
        release()
    }

    /// After the update: the ratio per layer, then the step is one record.
    /// True when this step was recorded.
    @discardableResult
    mutating func afterUpdate(step globalStep: Int, epoch: Int) -> Bool {
        guard recording else { return false }
        recording = false
        for (i, layer) in model.layers.enumerated() where i < before.count && !before[i].isEmpty {
            var moved = 0.0, size = 0.0
            for (w, old) in zip(LayerWatch.watched(layer), before[i]) {
                w.storage.withUnsafeBufferPointer { now in
                    for j in 0..<Swift.min(now.count, old.count) {
                        let d = Double(now[j]) - Double(old[j])
                        moved += d * d
                        size += Double(old[j]) * Double(old[j])
                    }
                }
            }
            let ratio = size > 0 ? (moved / size).squareRoot() : .infinity
            record.layers[i].updateRatio.append(ratio > 0 ? log10(ratio) : -.infinity)
        }
        before = []
        record.steps.append(globalStep)
        record.epochs.append(epoch)
        record.thinIfFull()
        return true
    }

    /// Gives the model back as it was: a model that did not keep its
    /// outputs lets go of this step's graph now.
    private func release() {
        model.recordsActivations = keptBefore
        if !keptBefore { model.forgetActivations() }
    }

    /// After an epoch's last step: the weights as they are now.
    mutating func endEpoch(_ epoch: Int) {
        record.keepWeights(model.snapshot(), epoch: epoch)
    }

    /// A step that stopped before its update (a loss that is not finite):
    /// its half-made record is dropped.
    mutating func abandon() {
        guard recording else { return }
        recording = false
        release()
        for i in record.layers.indices {
            let n = record.steps.count
            if record.layers[i].activations.count > n { record.layers[i].activations.removeLast() }
            if record.layers[i].gradients.count > n { record.layers[i].gradients.removeLast() }
        }
        before = []
    }
}
