import DLKernel
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
        s.step += 1
        // The state arrays are moved out of the class while updating, so the
        // loops run on plain buffers (no exclusivity checks, no copies).
        var a = s.a, b = s.b, c = s.c
        s.a = []; s.b = []; s.c = []
        defer { s.a = a; s.b = b; s.c = c }
        if a.isEmpty { a = [Float](repeating: 0, count: n) }
        if b.isEmpty && (kind == .adam || kind == .adamw || (kind == .rmsprop && centered)) { b = [Float](repeating: 0, count: n) }
        if c.isEmpty && kind == .rmsprop && momentum > 0 { c = [Float](repeating: 0, count: n) }
        let decay = Float((kind == .adamw ? 0 : weightDecay) + extraDecay)
        let lr = Float(self.lr), eps = Float(self.eps)
        let first = s.step == 1
        gradient.withUnsafeBufferPointer { gp in
        p.storage.withUnsafeMutableBufferPointer { w in
        a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
            @inline(__always) func grad(_ i: Int) -> Float { decay == 0 ? gp[i] : gp[i] + decay * w[i] }
            switch kind {
            case .sgd:
                if momentum != 0 {
                    let mu = Float(momentum), keep = Float(1 - dampening)
                    for i in 0..<n {
                        let g = grad(i)
                        a[i] = first ? g : a[i] * mu + g * keep
                        w[i] += -lr * (nesterov ? g + a[i] * mu : a[i])
                    }
                } else {
                    for i in 0..<n { w[i] += -lr * grad(i) }
                }
            case .rmsprop:
                let al = Float(alpha), rest = Float(1 - alpha), mu = Float(momentum)
                for i in 0..<n {
                    let g = grad(i)
                    a[i] = a[i] * al + rest * g * g
                    var avg = a[i]
                    if centered { b[i] += (g - b[i]) * rest; avg -= b[i] * b[i] }
                    avg = avg.squareRoot() + eps
                    if momentum > 0 { c[i] = c[i] * mu + g / avg; w[i] += -lr * c[i] } else { w[i] += -lr * (g / avg) }
                }
            case .adagrad:
                let clr = Float(self.lr / (1 + Double(s.step - 1) * lrDecay))
                for i in 0..<n {
                    let g = grad(i)
                    a[i] += g * g
                    w[i] += -clr * (g / (a[i].squareRoot() + eps))
                }
            case .adam, .adamw:
                let shrink = Float(1 - self.lr * weightDecay)
                // Bias corrections in double, as PyTorch computes these scalars in Python.
                let c1 = 1 - _pow(beta1, Double(s.step))
                let c2 = 1 - _pow(beta2, Double(s.step))
                let stepSize = Float(self.lr / c1)
                let c2Root = Float(c2.squareRoot())
                let w1 = Float(1 - beta1), b2 = Float(beta2), w2 = Float(1 - beta2)
                if kind == .adamw && weightDecay != 0 { for i in 0..<n { w[i] *= shrink } }
                if decay != 0 {
                    for i in 0..<n {
                        let g = grad(i)
                        a[i] += w1 * (g - a[i])
                        b[i] = b[i] * b2 + w2 * (g * g)
                        w[i] += -stepSize * (a[i] / (b[i].squareRoot() / c2Root + eps))
                    }
                } else {
                    adamUpdate(count: n, weights: w.baseAddress!, gradients: gp.baseAddress!, firstMoment: a.baseAddress!,
                               secondMoment: b.baseAddress!, stepSize: stepSize, oneMinusBeta1: w1, beta2: b2,
                               oneMinusBeta2: w2, biasCorrection2Root: c2Root, eps: eps, threads: Engine.threads)
                }
            }
        }}}}}
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
