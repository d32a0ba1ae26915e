import DLTensor

/// One layer of a model. Shapes here are per sample (no batch axis).
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

    /// The shapes `build` will allocate for its params, so the model can
    /// refuse a size that would fill memory before anything is allocated.
    func paramShapes(inputShape: [Int]) -> [[Int]]
    /// Checks the input shape, makes the params, returns the output shape.
    func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int]
    /// x has a leading batch axis.
    func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor
}

extension Layer {
    public var namedBuffers: [(String, Tensor)] { [] }
    /// Layers without weights, or with one value per feature (bounded by the
    /// input, which the model checks), allocate nothing worth checking.
    public func paramShapes(inputShape: [Int]) -> [[Int]] { [] }
    public var penalty: (l1: Float, l2: Float) { (0, 0) }
    public var parameterCount: Int { namedParams.reduce(0) { $0 + $1.1.count } }
}

/// Per-call state of a forward pass: training mode (dropout on, batchnorm
/// updates its running statistics) and the random source for dropout.
public struct ForwardContext {
    public var training: Bool
    public var rng: RandomGenerator
    public init(training: Bool, rng: RandomGenerator) { self.training = training; self.rng = rng }
}
