import DLTensor

/// Optimizers with PyTorch's update rules and defaults. State (momentum
/// buffers, moment estimates, step counts) is kept per param.
public final class Optimizer {
    public enum Kind: String, Sendable { case sgd, rmsprop, adagrad, adam, adamw }

    public let kind: Kind
    /// The learning rate in use; schedules change it between epochs.
    /// Hyperparameters are doubles, as Python floats are in PyTorch; each
    /// scalar is rounded to float32 where PyTorch's kernels round it.
    public var lr: Double
    public let baseLR: Double
    public let momentum: Double, dampening: Double, nesterov: Bool
    public let alpha: Double, eps: Double, centered: Bool
    public let beta1: Double, beta2: Double, weightDecay: Double, lrDecay: Double

    final class State {
        var step = 0
        var a: [Float] = []   // momentum buffer / first moment / square average / sum of squares
        var b: [Float] = []   // second moment / centred gradient average
        var c: [Float] = []   // rmsprop momentum buffer
    }
    private var states: [ObjectIdentifier: (param: Tensor, state: State)] = [:]

    public init(kind: Kind, lr: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
                alpha: Double = 0.99, eps: Double? = nil, centered: Bool = false,
                beta1: Double = 0.9, beta2: Double = 0.999, weightDecay: Double? = nil, lrDecay: Double = 0) {
        self.kind = kind
        self.lr = lr
        self.baseLR = lr
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.alpha = alpha
        self.eps = eps ?? (kind == .adagrad ? 1e-10 : 1e-8)
        self.centered = centered
        self.beta1 = beta1
        self.beta2 = beta2
        self.weightDecay = weightDecay ?? (kind == .adamw ? 0.01 : 0)
        self.lrDecay = lrDecay
    }

    /// PyTorch's default learning rates.
    public static func defaultLR(_ kind: Kind) -> Double {
        switch kind {
        case .sgd, .adam, .adamw: 1e-3
        case .rmsprop, .adagrad: 1e-2
        }
    }

    /// One update of every param from its current `.grad` (params without a grad are skipped).
    public func step(_ params: [Tensor], extraWeightDecay: Double = 0) {
        for p in params {
            guard let grad = p.grad else { continue }
            let key = ObjectIdentifier(p)
            let state: State
            if let s = states[key], s.param === p { state = s.state } else {
                state = State()
                states[key] = (p, state)
            }
            update(p, grad.storage, state, extraWeightDecay)
        }
    }

    private func update(_ p: Tensor, _ gradient: [Float], _ s: State, _ extraDecay: Double) {
        let n = p.count
        var g = gradient
        s.step += 1
        let decay = Float((kind == .adamw ? 0 : weightDecay) + extraDecay)
        if decay != 0 { for i in 0..<n { g[i] += decay * p.storage[i] } }
        let lr = Float(self.lr), eps = Float(self.eps)
        p.storage.withUnsafeMutableBufferPointer { w in
            switch kind {
            case .sgd:
                if momentum != 0 {
                    let mu = Float(momentum), keep = Float(1 - dampening)
                    if s.a.isEmpty { s.a = g } else { for i in 0..<n { s.a[i] = s.a[i] * mu + g[i] * keep } }
                    if nesterov { for i in 0..<n { g[i] += s.a[i] * mu } } else { g = s.a }
                }
                for i in 0..<n { w[i] += -lr * g[i] }
            case .rmsprop:
                let a = Float(alpha), rest = Float(1 - alpha)
                if s.a.isEmpty { s.a = [Float](repeating: 0, count: n) }
                for i in 0..<n { s.a[i] = s.a[i] * a + rest * g[i] * g[i] }
                var avg = s.a
                if centered {
                    if s.b.isEmpty { s.b = [Float](repeating: 0, count: n) }
                    for i in 0..<n { s.b[i] += (g[i] - s.b[i]) * rest; avg[i] -= s.b[i] * s.b[i] }
                }
                for i in 0..<n { avg[i] = avg[i].squareRoot() + eps }
                if momentum > 0 {
                    let mu = Float(momentum)
                    if s.c.isEmpty { s.c = [Float](repeating: 0, count: n) }
                    for i in 0..<n { s.c[i] = s.c[i] * mu + g[i] / avg[i]; w[i] += -lr * s.c[i] }
                } else {
                    for i in 0..<n { w[i] += -lr * (g[i] / avg[i]) }
                }
            case .adagrad:
                if s.a.isEmpty { s.a = [Float](repeating: 0, count: n) }
                let clr = Float(self.lr / (1 + Double(s.step - 1) * lrDecay))
                for i in 0..<n {
                    s.a[i] += g[i] * g[i]
                    w[i] += -clr * (g[i] / (s.a[i].squareRoot() + eps))
                }
            case .adam, .adamw:
                if kind == .adamw && weightDecay != 0 {
                    let shrink = Float(1 - self.lr * weightDecay)
                    for i in 0..<n { w[i] *= shrink }
                }
                if s.a.isEmpty { s.a = [Float](repeating: 0, count: n); s.b = s.a }
                // Bias corrections in double, as PyTorch computes these scalars in Python.
                let c1 = 1 - _pow(beta1, Double(s.step))
                let c2 = 1 - _pow(beta2, Double(s.step))
                let stepSize = Float(self.lr / c1)
                let c2Root = Float(c2.squareRoot())
                let w1 = Float(1 - beta1), b2 = Float(beta2), w2 = Float(1 - beta2)
                for i in 0..<n {
                    s.a[i] += w1 * (g[i] - s.a[i])
                    s.b[i] = s.b[i] * b2 + w2 * (g[i] * g[i])
                    w[i] += -stepSize * (s.a[i] / (s.b[i].squareRoot() / c2Root + eps))
                }
            }
        }
    }

    /// `adam(lr: 0.01)`, as the learner would write it.
    public var description: String {
        var parts = ["lr: \(Tensor.shortest(lr))"]
        switch kind {
        case .sgd:
            if momentum != 0 { parts.append("momentum: \(Tensor.shortest(momentum))") }
            if nesterov { parts.append("nesterov: true") }
        case .rmsprop: parts.append("alpha: \(Tensor.shortest(alpha))")
        default: break
        }
        if weightDecay != 0 { parts.append("weight_decay: \(Tensor.shortest(weightDecay))") }
        return "\(kind.rawValue)(" + parts.joined(separator: ", ") + ")"
    }
}

@inline(__always) func _pow(_ a: Double, _ b: Double) -> Double {
    var r = 1.0
    var e = Int(b)
    var base = a
    while e > 0 { if e & 1 == 1 { r *= base }; base *= base; e >>= 1 }
    return r
}
