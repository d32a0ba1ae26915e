import DLTensor

/// One layer of a model. Shapes here are per sample (no batch axis).
/// A layer declares everything the rest of the program asks of it (its
/// summary label, its cost, its health figure), so a new layer is one file:
/// its class in Layers/, conforming to `LayerType` (the call's signature,
/// help and spec), and its name in `LayerFactory.types`.
public protocol Layer: AnyObject {
    var spec: LayerSpec { get }
    /// The per-sample output shape, known once built.
    var outputShape: [Int] { get }
    /// Trainable tensors by attribute name (`weight`, `bias`, `gamma`, ...), in a fixed order.
    var namedParams: [(String, Tensor)] { get }
    /// Non-trainable state saved with the model (batchnorm's running statistics).
    var namedBuffers: [(String, Tensor)] { get }
    /// L1/L2 penalties on this layer's weights, added to the training loss.
    var penalty: (l1: Float, l2: Float) { get }
    /// The layers inside a model or a `residual` block, in order; empty for a plain layer.
    var layers: [Layer] { get }
    /// How `summary` and the model panel name the layer, e.g. `dropout(0.2)`.
    var label: String { get }
    /// Multiply-adds of one forward pass of one sample.
    var multAdds: Int { get }
    /// What a layer shows besides its params, by attribute name (attention's
    /// `last_weights`); not saved. Nil until a forward pass has made it.
    var readouts: [(String, Tensor?)] { get }
    /// True for a layer whose input is integer ids (an embedding): a model
    /// that starts with one takes sequences of ids, shorter ones included.
    var readsIds: Bool { get }

    /// The shapes `build` will allocate for its params, so the model can
    /// refuse a size that would fill memory before anything is allocated.
    func paramShapes(inputShape: [Int]) -> [[Int]]
    /// Checks the input shape, makes the params, returns the output shape.
    func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int]
    /// x has a leading batch axis.
    func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor
    /// A health figure of this layer's output for the model panel ("12% dead").
    func activity(_ output: Tensor) -> String?
}

extension Layer {
    public var namedBuffers: [(String, Tensor)] { [] }
    /// Layers without weights, or with one value per feature (bounded by the
    /// input, which the model checks), allocate nothing worth checking.
    public func paramShapes(inputShape: [Int]) -> [[Int]] { [] }
    public var penalty: (l1: Float, l2: Float) { (0, 0) }
    public var layers: [Layer] { [] }
    public var label: String { spec.kind }
    public var multAdds: Int { layers.reduce(0) { $0 + $1.multAdds } }
    public func activity(_ output: Tensor) -> String? { nil }
    public var readouts: [(String, Tensor?)] { [] }
    public var readsIds: Bool { false }

    /// Every param of this layer and the layers inside it, each once (a model
    /// used twice shares its weights, and must be updated once).
    public var params: [Tensor] { LayerTree.unique(of: self) { $0.namedParams.map(\.1) } }
    /// Params and buffers, each once: what a snapshot or a model file holds.
    public var state: [Tensor] { LayerTree.unique(of: self) { $0.namedParams.map(\.1) + $0.namedBuffers.map(\.1) } }
    public var parameterCount: Int { params.reduce(0) { $0 + $1.count } }
}

/// A layer that holds other layers (a model, a `residual` block). It builds
/// them through the parent's builder, so the memory budget and the
/// position of a failing layer reach the outermost model.
protocol Container: Layer {
    func build(inputShape: [Int], _ builder: inout ChainBuilder) throws -> [Int]
}

extension Container {
    /// Built alone (not inside a model), with the default memory budget.
    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        var builder = ChainBuilder(rng: rng, elementLimit: Engine.maxElements)
        defer { rng = builder.rng }
        return try build(inputShape: inputShape, &builder)
    }
}

/// Per-call state of a forward pass: training mode (dropout on, batchnorm
/// updates its running statistics) and the random source for dropout.
public struct ForwardContext {
    public var training: Bool
    public var rng: RandomGenerator
    public init(training: Bool, rng: RandomGenerator) { self.training = training; self.rng = rng }
}
