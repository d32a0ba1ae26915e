import DLTensor

/// The losses `fit` and `evaluate` take by name.
public enum Loss: String, CaseIterable, Sendable {
    case mse, mae, bce, crossentropy

    public static func named(_ name: String) throws -> Loss {
        guard let l = Loss(rawValue: name) else {
            throw ModelError("unknown loss '\(name)'", help: "use one of " + allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        return l
    }

    public var isClassification: Bool { self == .bce || self == .crossentropy }

    /// The loss of a model's output on targets. For bce and crossentropy,
    /// `output` holds logits: the model runs without a final sigmoid/softmax.
    public func compute(_ output: Tensor, _ target: Tensor) throws -> Tensor {
        switch self {
        case .crossentropy:
            return try output.crossEntropy(labels: target)
        case .bce:
            return try output.binaryCrossEntropy(targets: target)
        case .mse, .mae:
            guard output.count == target.count else {
                throw ModelError("\(rawValue): the model gives \(Shape.describe(output.shape)) but the targets are \(Shape.describe(target.shape))")
            }
            let t = target.shape == output.shape ? target : try target.reshaped(output.shape)
            let diff = try output - t
            return self == .mse ? try (diff * diff).mean() : try diff.abs().mean()
        }
    }

    /// The model runs without its final sigmoid/softmax when the loss works on logits.
    public func wantsLogits(_ model: Model) -> Bool {
        switch self {
        case .bce: model.finalActivation == "sigmoid"
        case .crossentropy: model.finalActivation == "softmax"
        default: false
        }
    }

    /// A sensible loss for a dataset: a classification set (labels [n] with
    /// a class count) → crossentropy, or bce for one output; labels of whole
    /// numbers, one per position of a model that scores each position ([n, t]
    /// labels for [t, classes] outputs, as a slice of a `sequences` dataset)
    /// → crossentropy; anything else → mse.
    public static func inferred(for model: Model, labels: Tensor, classCount: Int?) -> Loss {
        if classCount != nil { return model.outputShape.last == 1 ? .bce : .crossentropy }
        let perPosition = labels.rank >= 2 && model.outputShape.count == labels.rank
            && (model.outputShape.last ?? 0) > 1 && Array(labels.shape.dropFirst()) == Array(model.outputShape.dropLast())
        return perPosition && labels.storage.allSatisfy({ $0 == $0.rounded() && $0 >= 0 }) ? .crossentropy : .mse
    }
}
