import DLKernel
import DLTensor

/// Adam: momentum and per-weight step sizes, with bias correction.
/// `decoupled` is AdamW: the weights shrink by lr·weight_decay before the
/// step, instead of the decay joining the gradient.
public final class Adam: OptimizerBase<Adam.State> {
    public final class State: ParamState {
        public var step = 0
        /// Running averages of the gradient and of its square.
        var firstMoment: [Float] = [], secondMoment: [Float] = []
        public init() {}
    }

    public let beta1: Double, beta2: Double, eps: Double, decoupled: Bool
    public static let defaultLR = 1e-3

    public init(lr: Double = defaultLR, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                weightDecay: Double = 0, decoupled: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.decoupled = decoupled
        super.init(name: decoupled ? "adamw" : "adam", lr: lr, weightDecay: weightDecay)
    }

    /// AdamW, with its default weight decay of 0.01.
    public static func w(lr: Double = defaultLR, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                         weightDecay: Double = 0.01) -> Adam {
        Adam(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: true)
    }

    override var gradientDecay: Double { decoupled ? 0 : weightDecay }

    override func update(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let eps = Float(self.eps)
        // Bias corrections in double, as PyTorch computes these scalars in Python.
        let c1 = 1 - _pow(beta1, Double(s.step))
        let c2 = 1 - _pow(beta2, Double(s.step))
        let stepSize = Float(self.lr / c1)
        let c2Root = Float(c2.squareRoot())
        let w1 = Float(1 - beta1), b2 = Float(beta2), w2 = Float(1 - beta2)
        if decoupled && weightDecay != 0 {
            let shrink = Float(1 - self.lr * weightDecay)
            for i in w.indices { w[i] *= shrink }
        }
        var first = taken(&s.firstMoment, count: w.count), second = taken(&s.secondMoment, count: w.count)
        defer { s.firstMoment = first; s.secondMoment = second }
        first.withUnsafeMutableBufferPointer { m in
        second.withUnsafeMutableBufferPointer { v in
            guard decay != 0 else {
                // The common case runs in the SIMD kernel.
                adamUpdate(count: w.count, weights: w.baseAddress!, gradients: g.baseAddress!, firstMoment: m.baseAddress!,
                           secondMoment: v.baseAddress!, stepSize: stepSize, oneMinusBeta1: w1, beta2: b2,
                           oneMinusBeta2: w2, biasCorrection2Root: c2Root, eps: eps, threads: Engine.threads)
                return
            }
            for i in w.indices {
                let gi = g[i] + decay * w[i]
                m[i] = flushed(m[i] + w1 * (gi - m[i]))
                v[i] = flushed(v[i] * b2 + w2 * (gi * gi))
                w[i] += -stepSize * (m[i] / (v[i].squareRoot() / c2Root + eps))
            }
        }}
    }
}
