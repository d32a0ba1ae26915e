import DLTensor

/// A chain of layers with shapes inferred from the input shape. A model is
/// itself a layer, so it can be one entry of a later model: `name()` adds a
/// fresh copy (built from its spec), a bare `name` adds this very object.
public final class Model: Container {
    public let name: String
    /// The shape of one sample as `input(...)` declared it.
    public let inputShape: [Int]
    public private(set) var layers: [Layer] = []
    /// The per-sample shape the layers were built on: `inputShape`, or more
    /// axes in front of it when a fresh copy sits inside a model (a block
    /// declared `input(64)` placed after an embedding is built on [time, 64]).
    public private(set) var builtShape: [Int]
    public private(set) var outputShape: [Int] = []
    private var pending: [LayerSource] = []

    /// A top-level model, built now. `inputShape` nil takes it from the first
    /// entry, which must then be a model (`model ae { encoder; decoder }`).
    public init(name: String, inputShape: [Int]?, sources: [LayerSource], rng: inout RandomGenerator,
                elementLimit: Int = Engine.maxElements) throws {
        self.name = name
        guard let shape = inputShape ?? Model.declaredInput(of: sources.first) else {
            throw ModelError("a model starts with input(...), the shape of one sample",
                             help: "e.g. input(2) for 2 features, input(1, 28, 28) for an image")
        }
        self.inputShape = shape
        self.builtShape = shape
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("the input needs positive sizes, got \(Shape.describe(shape))")
        }
        var builder = ChainBuilder(rng: rng, elementLimit: elementLimit)
        guard let inputCount = Shape.checkedCount(shape), inputCount <= elementLimit else {
            throw builder.tooLarge("the input", shape)
        }
        (layers, outputShape) = try builder.chain(sources, from: shape)
        rng = builder.rng
        try LayerTree.checkSize(of: self)
    }

    /// The same as a chain of specs (model files, tests).
    public convenience init(name: String, inputShape: [Int], specs: [LayerSpec], rng: inout RandomGenerator,
                            elementLimit: Int = Engine.maxElements) throws {
        try self.init(name: name, inputShape: inputShape, sources: specs.map { .spec($0) }, rng: &rng, elementLimit: elementLimit)
    }

    /// An unbuilt copy from a spec; the enclosing model builds it in place.
    init(spec: LayerSpec) throws {
        guard let input = spec.input, !input.isEmpty, input.allSatisfy({ $0 > 0 }), let inner = spec.layers else {
            throw ModelError("a nested model needs its input shape and its layers")
        }
        name = spec.strings["name"] ?? "model"
        inputShape = input
        builtShape = input
        pending = inner.map { .spec($0) }
    }

    private static func declaredInput(of first: LayerSource?) -> [Int]? {
        switch first {
        case .shared(let m): m.inputShape
        case .spec(let s) where s.kind == "model": s.input
        default: nil
        }
    }

    public var spec: LayerSpec {
        LayerSpec("model", strings: ["name": name], input: inputShape, layers: layers.map(\.spec))
    }
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String { name }

    func build(inputShape shape: [Int], _ builder: inout ChainBuilder) throws -> [Int] {
        guard shape.count >= inputShape.count, Array(shape.suffix(inputShape.count)) == inputShape else {
            throw ModelError("model \(name) takes samples of shape \(Shape.describe(inputShape)), got \(Shape.describe(shape))")
        }
        builtShape = shape
        (layers, outputShape) = try builder.chain(pending, from: shape)
        pending = []
        return outputShape
    }

    /// The output shape of this (already built) model placed on `shape` in
    /// another model: the same shape it was built on, or more axes in front.
    func placed(on shape: [Int]) throws -> [Int] {
        if shape == builtShape { return outputShape }
        if builtShape == inputShape, shape.count > inputShape.count, Array(shape.suffix(inputShape.count)) == inputShape {
            return Array(shape.dropLast(inputShape.count)) + outputShape
        }
        let copyFits = shape.count >= inputShape.count && Array(shape.suffix(inputShape.count)) == inputShape
        throw ModelError("model \(name) takes samples of shape \(Shape.describe(builtShape)), got \(Shape.describe(shape))",
                         help: copyFits ? "write \(name)() to add a fresh copy built for this shape" : nil)
    }

    /// Whether one sample of this shape can go through the layers: the built
    /// shape, more axes in front of it, or a shorter sequence (t ≤ T) for a
    /// sequence model: input(T, features), or input(T) ids into an embedding.
    func fits(sample s: [Int]) -> Bool {
        if s == builtShape { return true }
        if s.count > builtShape.count && Array(s.suffix(builtShape.count)) == builtShape { return true }
        let sequence = builtShape.count == 2 || (builtShape.count == 1 && LayerTree.leaves(of: self).first?.readsIds == true)
        return sequence && s.count == builtShape.count && s[0] >= 1 && s[0] <= builtShape[0] && s.dropFirst() == builtShape.dropFirst()
    }

    /// When set, each forward pass keeps every layer's output (for the
    /// screen's dead-unit and saturation figures).
    public var recordsActivations = false
    public private(set) var lastActivations: [Tensor] = []
    /// Lets go of the kept outputs (and the graph they hold).
    public func forgetActivations() { lastActivations = [] }

    /// The final activation when it is sigmoid or softmax: losses then work on
    /// the values before it, which is exact and numerically stable.
    public var finalActivation: String? {
        guard let k = layers.last?.spec.kind, k == "sigmoid" || k == "softmax" else { return nil }
        return k
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try forward(x, &context, skippingFinalActivation: false)
    }

    /// Runs the layers on x [batch, ...sample]; a single sample gets a batch
    /// axis added and removed.
    public func forward(_ x: Tensor, _ context: inout ForwardContext, skippingFinalActivation: Bool) throws -> Tensor {
        let single = x.rank == builtShape.count && fits(sample: x.shape)
        guard single || (x.rank > 0 && fits(sample: Array(x.shape.dropFirst()))) else {
            throw ModelError("model \(name) takes inputs of shape [batch, \(builtShape.map(String.init).joined(separator: ", "))], got \(Shape.describe(x.shape))")
        }
        var h = single ? try x.reshaped([1] + x.shape) : x
        let count = skippingFinalActivation && finalActivation != nil ? layers.count - 1 : layers.count
        if recordsActivations { lastActivations = [] }
        for (i, layer) in layers.prefix(count).enumerated() {
            h = try GradScope.within("layers[\(i)]", label: layer.label) { try layer.forward(h, &context) }
            if recordsActivations { lastActivations.append(h) }
        }
        return single ? try h.reshaped(Array(h.shape.dropFirst())) : h
    }

    /// Σ l1·|w| + l2·w² over the layers that ask for it (weights only, as Keras).
    public func penaltyLoss() throws -> Tensor? {
        var total: Tensor? = nil
        for layer in LayerTree.leaves(of: self) {
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
    public func snapshot() -> [[Float]] { state.map(\.storage) }

    public func restore(_ values: [[Float]]) {
        for (t, v) in zip(state, values) { t.storage = v }
    }

    /// Restores a snapshot kept flattened (fit's weight snapshots); false,
    /// and nothing changed, when its size is not this model's.
    @discardableResult
    public func restore(flattened flat: ArraySlice<Float>) -> Bool {
        let state = self.state
        guard flat.count == state.reduce(0, { $0 + $1.count }) else { return false }
        var offset = flat.startIndex
        for t in state {
            t.storage = Array(flat[offset..<(offset + t.count)])
            offset += t.count
        }
        return true
    }
}
