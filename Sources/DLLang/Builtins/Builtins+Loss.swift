import TextFormat
import DLTensor
import DLNN

/// The losses as calls, for a training loop written by hand. Each is the
/// mean over the batch and computes exactly what `fit` does with the loss of
/// the same name, recorded for `backward`.
extension Builtins {
    static func losses() -> [Builtin] {
        [
            Builtin("mse(pred, y)", "Mean squared error: mean((pred − y)²). y may have pred's shape or just its size.",
                    example: "mse(tensor([1, 2, 3]), tensor([1, 2, 5]))") { a in
                .tensor(try named(.mse, a))
            },
            Builtin("mae(pred, y)", "Mean absolute error: mean(|pred − y|).",
                    example: "mae(tensor([1, 2, 3]), tensor([1, 2, 5]))") { a in
                .tensor(try named(.mae, a))
            },
            Builtin("bce(prob, y)", "Binary cross-entropy of probabilities (after a sigmoid) against 0/1 targets; probabilities are clamped to [1e-7, 1 − 1e-7] so log never sees 0.",
                    example: "bce(tensor([0.9, 0.2]), tensor([1, 0]))") { a in
                .tensor(try probabilityBCE(a))
            },
            Builtin("bce_logits(logits, y)", "Binary cross-entropy of logits (before a sigmoid) against 0/1 targets, computed stably: what fit's \"bce\" uses.",
                    example: "bce_logits(tensor([2.2, -1.4]), tensor([1, 0]))") { a in
                .tensor(try named(.bce, a))
            },
            Builtin("crossentropy(logits, labels)", "Cross-entropy of logits [batch, classes] against class numbers [batch] (or [batch, time, classes] against [batch, time], averaged over every position).",
                    example: "crossentropy(tensor([[2, 0.5, -1], [0, 1, 0]]), tensor([0, 2]))") { a in
                .tensor(try named(.crossentropy, a))
            },
        ]
    }

    private static func operands(_ a: Arguments) throws -> (Tensor, Tensor) {
        let pred = try a.tensor(0, "the prediction"), y = try a.tensor(1, "the targets")
        guard pred.count > 0 else { throw RuntimeError("\(a.builtin.name) of an empty tensor", at: a.at(0)) }
        return (pred, y)
    }

    private static func named(_ loss: Loss, _ a: Arguments) throws -> Tensor {
        let (pred, y) = try operands(a)
        if loss == .bce, pred.count != y.count {
            throw RuntimeError("bce_logits: \(pred.count) logits (shape \(Shape.describe(pred.shape))) but \(y.count) targets (shape \(Shape.describe(y.shape)))",
                               at: a.at(1), help: "one 0/1 target per logit")
        }
        if loss == .mse || loss == .mae, pred.count != y.count {
            throw RuntimeError("\(a.builtin.name): pred has shape \(Shape.describe(pred.shape)) but y has \(Shape.describe(y.shape))",
                               at: a.at(1), help: "one target per prediction; y may have pred's shape or just as many elements")
        }
        // The errors of the fused ops name no position; point at the call.
        return try DLLang.at(a.location) { try loss.compute(pred, y) }
    }

    /// −mean(y·log p + (1 − y)·log(1 − p)) from recorded ops. The clamp is a
    /// detached shift, so a probability of exactly 0 or 1 gives a large but
    /// finite loss and gradient instead of inf/NaN; unclamped values get the
    /// exact gradient.
    private static func probabilityBCE(_ a: Arguments) throws -> Tensor {
        let (p, y) = try operands(a)
        guard y.count == p.count else {
            throw RuntimeError("bce: \(p.count) probabilities (shape \(Shape.describe(p.shape))) but \(y.count) targets (shape \(Shape.describe(y.shape)))",
                               at: a.at(1), help: "one 0/1 target per probability")
        }
        if let bad = p.storage.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw RuntimeError("bce: probabilities must be between 0 and 1, got \(NumberFormat.shortest(bad))", at: a.at(0),
                               help: "for values before a sigmoid use bce_logits(logits, y)")
        }
        return try DLLang.at(a.location) {
            let t = y.shape == p.shape ? y : try y.reshaped(p.shape)
            let eps: Float = 1e-7
            let clamped = Tensor(shape: p.shape, storage: p.storage.map { Swift.min(Swift.max($0, eps), 1 - eps) })
            let safe = try p + (try clamped - p.detached()).detached()
            let one = Tensor(scalar: 1)
            let ll = try (try t * safe.log()) + (try (try one - t) * (try one - safe).log())
            return try (try ll.mean()) * Tensor(scalar: -1)
        }
    }
}
