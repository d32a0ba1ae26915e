import DLNN
import DLTensor

/// `h.layers`: fit's `TrainingRecord` as language values. Each entry is a
/// record per layer: `.activations` and `.gradients` are [records, 24]
/// tensors of bin counts (a row per recorded step, bins over
/// [-range, range] of that step, `.activation_range` / `.gradient_range`),
/// so `show(h.layers[1].activations)` draws the histograms over time.
enum LayerHistoryValue {
    static func layers(_ record: TrainingRecord) -> Value {
        let steps = Value.list(record.steps.map { .number(Double($0)) })
        let epochs = Value.list(record.epochs.map { .number(Double($0)) })
        let every = record.stride == 1 ? "every step" : "every \(record.stride)th step (thinned to keep at most \(TrainingRecord.maxRecords) records)"
        return .list(record.layers.enumerated().map { i, layer in
            var note = "recorded \(every); histograms of \(TrainingRecord.bins) bins over [-range, range], range the largest |value| of that step"
            if record.foldedLayer == i {
                note = "the loss folds this final activation in, so it never ran during training and has no histograms"
            }
            return .record(Record(kind: "layer history", fields: [
                ("name", .string(layer.name)),
                ("activations", counts(layer.activations)),
                ("gradients", counts(layer.gradients)),
                ("activation_range", .list(layer.activations.map { .number(Double($0.range)) })),
                ("gradient_range", .list(layer.gradients.map { .number(Double($0.range)) })),
                ("update_ratio", layer.hasWeights ? .list(layer.updateRatio.map { .number($0) }) : .none),
                ("steps", steps),
                ("epochs", epochs),
                ("note", .string(note)),
            ]))
        })
    }

    /// `h.weights` ([snapshots, size]: each row a flattened `Model.snapshot()`)
    /// and `h.weight_epochs`, the epoch of each row (0: before training).
    static func weights(_ record: TrainingRecord?) -> [(String, Value)] {
        guard let r = record, let size = r.weights.first?.count else {
            return [("weights", .none), ("weight_epochs", .list([]))]
        }
        return [("weights", .tensor(Tensor(shape: [r.weights.count, size], storage: r.weights.flatMap { $0 }))),
                ("weight_epochs", .list(r.weightEpochs.map { .number(Double($0)) }))]
    }

    /// A [records, bins] tensor; [0, bins] when nothing was recorded.
    static func counts(_ hs: [Histogram]) -> Value {
        let bins = TrainingRecord.bins
        return .tensor(Tensor(shape: [hs.count, bins], storage: hs.flatMap { h in
            h.counts.count == bins ? h.counts.map(Float.init) : [Float](repeating: 0, count: bins)
        }))
    }
}
