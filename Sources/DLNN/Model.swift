import DLTensor

/// A sequence of layers with shapes inferred from the input shape.
public final class Model {
    public let name: String
    public let inputShape: [Int]
    public let layers: [Layer]

    /// Builds every layer in order; a `ModelError` names the failing layer's
    /// index. No param and no per-sample shape may pass `elementLimit`
    /// elements (the limit tensor creation has), nor all params together.
    public init(name: String, inputShape: [Int], specs: [LayerSpec], rng: inout RandomGenerator,
                elementLimit: Int = Engine.maxElements) throws {
        self.name = name
        self.inputShape = inputShape
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("the input needs positive sizes, got \(Shape.describe(inputShape))")
        }
        func tooLarge(_ what: String, _ shape: [Int]) -> ModelError {
            ModelError("\(what) \(Shape.describe(shape)) is too large (more than \(elementLimit) elements)",
                       help: "a layer this size would not fit in memory; try fewer units or filters")
        }
        guard let inputCount = Shape.checkedCount(inputShape), inputCount <= elementLimit else {
            throw tooLarge("the input", inputShape)
        }
        var shape = inputShape
        var built: [Layer] = []
        var total = 0
        for (i, spec) in specs.enumerated() {
            do {
                let layer = try LayerFactory.make(spec)
                for p in layer.paramShapes(inputShape: shape) {
                    guard let n = Shape.checkedCount(p), n <= elementLimit else {
                        throw tooLarge("\(spec.kind): a weight of shape", p)
                    }
                    guard n <= elementLimit - total else {
                        throw ModelError("the model's params together would pass \(elementLimit) elements",
                                         help: "a model this size would not fit in memory")
                    }
                    total += n
                }
                shape = try layer.build(inputShape: shape, rng: &rng)
                guard let n = Shape.checkedCount(shape), n <= elementLimit else {
                    throw tooLarge("\(spec.kind): the output of one sample", shape)
                }
                built.append(layer)
            } catch let e as ModelError {
                throw ModelError(e.message, help: e.help, layerIndex: i)
            }
        }
        layers = built
    }

    public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }

    /// When set, each forward pass keeps every layer's output (for the
    /// screen's dead-unit and saturation figures).
    public var recordsActivations = false
    public private(set) var lastActivations: [Tensor] = []
    public var params: [Tensor] { layers.flatMap { $0.namedParams.map(\.1) } }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// The final activation when it is sigmoid or softmax: losses then work on
    /// the values before it, which is exact and numerically stable.
    public var finalActivation: String? {
        guard let k = layers.last?.spec.kind, k == "sigmoid" || k == "softmax" else { return nil }
        return k
    }

    /// Runs the layers on x [batch, ...inputShape]; a single sample of
    /// exactly inputShape gets a batch axis added and removed.
    public func forward(_ x: Tensor, _ context: inout ForwardContext, skippingFinalActivation: Bool = false) throws -> Tensor {
        let single = x.shape == inputShape
        guard single || Array(x.shape.dropFirst()) == inputShape else {
            throw ModelError("model \(name) takes inputs of shape [batch, \(inputShape.map(String.init).joined(separator: ", "))], got \(Shape.describe(x.shape))")
        }
        var h = single ? try x.reshaped([1] + inputShape) : x
        let count = skippingFinalActivation && finalActivation != nil ? layers.count - 1 : layers.count
        if recordsActivations { lastActivations = [] }
        for layer in layers.prefix(count) {
            h = try layer.forward(h, &context)
            if recordsActivations { lastActivations.append(h) }
        }
        return single ? try h.reshaped(Array(h.shape.dropFirst())) : h
    }

    /// Σ l1·|w| + l2·w² over the layers that ask for it (weights only, as Keras).
    public func penaltyLoss() throws -> Tensor? {
        var total: Tensor? = nil
        for layer in layers {
            let (l1, l2) = layer.penalty
            guard l1 > 0 || l2 > 0, let w = layer.namedParams.first(where: { $0.0 == "weight" })?.1 else { continue }
            var term = Tensor(scalar: 0)
            if l1 > 0 { term = try term + Tensor(scalar: l1) * w.abs().sum() }
            if l2 > 0 { term = try term + Tensor(scalar: l2) * (w * w).sum() }
            total = try total.map { try $0 + term } ?? term
        }
        return total
    }

    /// Copies of every param and buffer, to restore later (early stopping).
    public func snapshot() -> [[Float]] {
        layers.flatMap { $0.namedParams.map(\.1.storage) + $0.namedBuffers.map(\.1.storage) }
    }

    public func restore(_ values: [[Float]]) {
        let tensors = layers.flatMap { $0.namedParams.map(\.1) + $0.namedBuffers.map(\.1) }
        for (t, v) in zip(tensors, values) { t.storage = v }
    }
}
