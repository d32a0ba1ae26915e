import TextFormat
import DLTensor

/// Normalises each feature (axis 1) over the batch (and any further axes),
/// then scales by gamma and shifts by beta. Running statistics (momentum 0.1,
/// unbiased variance, as PyTorch) replace the batch's at evaluation.
public final class BatchNorm: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var gamma = Tensor.zeros([0]), beta = Tensor.zeros([0])
    public private(set) var runningMean = Tensor.zeros([0]), runningVar = Tensor.zeros([0])
    let eps: Float = 1e-5, momentum: Float

    init(_ spec: LayerSpec) {
        self.spec = spec
        momentum = spec.float("momentum", default: 0.1)
    }

    public var namedParams: [(String, Tensor)] { [("gamma", gamma), ("beta", beta)] }
    public var namedBuffers: [(String, Tensor)] { [("running_mean", runningMean), ("running_var", runningVar)] }
    public var label: String { momentum == 0.1 ? "batchnorm()" : "batchnorm(momentum: \(NumberFormat.shortest(momentum)))" }
    /// Scale by gamma and by 1/σ at every value.
    public var multAdds: Int { 2 * Shape.count(outputShape) }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        guard let c = inputShape.first else { throw ModelError("batchnorm needs inputs with a feature axis") }
        gamma = Tensor(shape: [c], storage: [Float](repeating: 1, count: c), isParam: true)
        beta = Tensor(shape: [c], storage: [Float](repeating: 0, count: c), isParam: true)
        runningMean = Tensor.zeros([c])
        runningVar = Tensor.ones([c])
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        let c = x.shape[1]
        // Statistics are per channel: view x as [c, everything else].
        let rest = Array(x.shape.dropFirst(2))
        let lanes = try x.rank == 2 ? x : x.permuted([1, 0] + Array(2..<x.rank)).reshaped([c, -1])
        let broadcastShape = [1, c] + rest.map { _ in 1 }
        let mean: Tensor, variance: Tensor
        if context.training {
            let axis = x.rank == 2 ? 0 : 1
            let m = try lanes.mean(axis: axis, keepDims: true)
            let centered = try lanes - m
            let v = try (centered * centered).mean(axis: axis, keepDims: true)
            let n = Float(lanes.count / c)
            GradMode.withoutRecording {
                for i in 0..<c {
                    runningMean.storage[i] = (1 - momentum) * runningMean.storage[i] + momentum * m.storage[i]
                    let unbiased = n > 1 ? v.storage[i] * n / (n - 1) : v.storage[i]
                    runningVar.storage[i] = (1 - momentum) * runningVar.storage[i] + momentum * unbiased
                }
            }
            mean = try m.reshaped(broadcastShape); variance = try v.reshaped(broadcastShape)
        } else {
            mean = try runningMean.reshaped(broadcastShape); variance = try runningVar.reshaped(broadcastShape)
        }
        let normalized = try (x - mean) / (variance + Tensor(scalar: eps)).sqrt()
        return try normalized * gamma.reshaped(broadcastShape) + beta.reshaped(broadcastShape)
    }
}

/// Normalises over the last axis of each sample, eps 1e-5, then gamma and beta.
public final class LayerNorm: Layer {
    public let spec: LayerSpec
    public private(set) var outputShape: [Int] = []
    public private(set) var gamma = Tensor.zeros([0]), beta = Tensor.zeros([0])
    let eps: Float = 1e-5

    init(_ spec: LayerSpec) { self.spec = spec }

    public var namedParams: [(String, Tensor)] { [("gamma", gamma), ("beta", beta)] }
    public var label: String { "layernorm()" }
    /// Squares for the variance, then scale by 1/σ and by gamma, at every value.
    public var multAdds: Int { 3 * Shape.count(outputShape) }

    public func build(inputShape: [Int], rng: inout RandomGenerator) throws -> [Int] {
        guard let f = inputShape.last else { throw ModelError("layernorm needs inputs with a feature axis") }
        gamma = Tensor(shape: [f], storage: [Float](repeating: 1, count: f), isParam: true)
        beta = Tensor(shape: [f], storage: [Float](repeating: 0, count: f), isParam: true)
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        try x.layerNorm(gamma: gamma, beta: beta, eps: eps)
    }
}

extension BatchNorm: LayerType {
    static let entries = [
        LayerEntry("batchnorm(momentum: 0.1)", "Normalises each feature over the batch, then scales (gamma) and shifts (beta); running statistics at evaluation.",
                   example: "model m { input(4); dense(8); batchnorm(); relu(); dense(3) }") { a in
            LayerSpec("batchnorm", numbers: ["momentum": try a.number("momentum", default: 0.1)])
        },
    ]
}

extension LayerNorm: LayerType {
    static let entries = [
        LayerEntry("layernorm()", "Normalises each sample over its last axis, then gamma and beta.",
                   example: "model m { input(4); dense(8); layernorm(); dense(3) }"),
    ]
}
