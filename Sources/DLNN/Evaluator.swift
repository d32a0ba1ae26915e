import DLTensor

/// Loss and metrics of a model on data, in evaluation mode, unrecorded.
public struct Evaluator {
    public let model: Model
    public let loss: Loss

    public init(model: Model, loss: Loss) { self.model = model; self.loss = loss }

    /// Outputs for all rows, in batches so memory stays bounded.
    public func outputs(_ x: Tensor, logits: Bool) throws -> Tensor {
        let n = x.shape.first ?? 0
        var parts: [Tensor] = []
        var start = 0
        try GradMode.withoutRecording {
            while start < n {
                let rows = Array(start..<Swift.min(n, start + 512))
                var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
                parts.append(try model.forward(x.rows(rows), &context, skippingFinalActivation: logits))
                start += 512
            }
        }
        if parts.count == 1 { return parts[0] }
        return try GradMode.withoutRecording { try Tensor.concat(parts, axis: 0) }
    }

    public struct Measure { public let loss: Double; public let metric: Double; public let outputs: Tensor }

    public func measure(x: Tensor, y: Tensor) throws -> Measure {
        let logits = loss.wantsLogits(model)
        let out = try outputs(x, logits: logits)
        let value = try GradMode.withoutRecording { try loss.compute(out, y) }
        return Measure(loss: Double(value.storage[0]), metric: Trainer.batchMetric(out, y, loss: loss, logits: logits), outputs: out)
    }

    /// The full classification report, from the measured outputs. Each
    /// label is one prediction: a sample's, or a position's when the labels
    /// are [n, t] for outputs [n, t, classes].
    public func classification(_ m: Measure, y: Tensor) -> ClassificationReport {
        let n = y.count
        let truth = y.storage.map { Int($0) }
        if loss == .bce {
            let logits = loss.wantsLogits(model)
            let threshold: Float = logits ? 0 : 0.5
            return ClassificationReport(predicted: m.outputs.storage.map { $0 > threshold ? 1 : 0 }, truth: truth,
                                        classes: 2, positiveScores: m.outputs.storage)
        }
        let k = n > 0 ? m.outputs.count / n : 0
        let predicted = rowArgmax(m.outputs, rows: n)
        var scores: [Float]? = nil
        if k == 2 {
            // P(class 1) ranks the same as z1 − z0.
            scores = (0..<n).map { m.outputs.storage[$0 * 2 + 1] - m.outputs.storage[$0 * 2] }
        }
        return ClassificationReport(predicted: predicted, truth: truth, classes: Swift.max(k, (truth.max() ?? 0) + 1),
                                    positiveScores: scores)
    }
}
