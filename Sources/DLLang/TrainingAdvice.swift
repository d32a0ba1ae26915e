import DLNN
import DLTensor
import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func _log(_ x: Double) -> Double { log(x) }

/// What fit says when it ended without failing but a learner would still
/// want a nudge: the loss hardly moved, or regression targets so large the
/// loss is dominated by their scale. Concrete, like the divergence message.
enum TrainingAdvice {
    static func after(_ h: History, options: FitOptions, targets: Tensor, classes: Int?) -> [String] {
        // Unscaled targets also stall the loss; their remedy comes first and alone.
        if let large = largeTargets(h, options, targets) { return [large] }
        return barelyMoved(h, options, classes: classes).map { [$0] } ?? []
    }

    /// Less than 5% down over at least 3 epochs, from a loss that was not already tiny.
    /// A classifier stuck at the loss of guessing may be unable to draw the
    /// boundary at all (one neuron on XOR), and a larger rate will not help it.
    static func barelyMoved(_ h: History, _ options: FitOptions, classes: Int?) -> String? {
        guard h.stop == nil, h.loss.count >= 3, let first = h.loss.first, let last = h.loss.last,
              first.isFinite, last.isFinite, first > 1e-3, last > 0.95 * first else { return nil }
        let lr = options.optimizer.lr
        let now = options.optimizer.description
        let suggestion = now.replacingFirst("lr: \(NumberFormat.shortest(lr))", with: "lr: \(NumberFormat.shortest(lr * 10))")
        let moved = "The loss barely moved (\(EvaluationText.f3(first)) → \(EvaluationText.f3(last)) in \(h.loss.count) epochs)"
        if options.loss.isClassification, let k = classes, k >= 2 {
            let chance = _log(Double(k))
            if Swift.abs(last - chance) < 0.05 * chance {
                return moved + ", near \(EvaluationText.f3(chance)), the loss of guessing among \(k) classes.\n"
                    + "  If the classes cannot be split by a straight line, a model without a hidden layer cannot learn them;\n"
                    + "  otherwise try a larger learning rate (now \(NumberFormat.shortest(lr))), e.g. \(suggestion)."
            }
        }
        return moved + ".\n  Try a larger learning rate (now \(NumberFormat.shortest(lr))), e.g. \(suggestion), or more epochs."
    }

    /// Regression targets with a spread far from 1: the loss reads in their
    /// units squared, and the default learning rates assume values near 1.
    static func largeTargets(_ h: History, _ options: FitOptions, _ y: Tensor) -> String? {
        guard !options.loss.isClassification, y.count > 1, let last = h.loss.last, last > 10 else { return nil }
        let mean = y.storage.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        let variance = y.storage.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(y.count)
        let spread = variance.squareRoot()
        guard spread > 10, spread.isFinite else { return nil }
        var scale = 1.0
        while scale * 10 <= spread { scale *= 10 }
        let scaleText = NumberFormat.shortest(scale)
        return "The targets are large (standard deviation \(EvaluationText.f3(spread))), so the loss is too (\(EvaluationText.f3(last))).\n"
            + "  Scale them to values near 1, e.g. data = dataset(data.x, data.y / \(scaleText)), and multiply predictions by \(scaleText)."
    }
}
