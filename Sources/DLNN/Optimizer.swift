import TextFormat
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

    /// What an optimizer remembers about one param between steps.
    final class State {
        var step = 0
        /// sgd's (and rmsprop's) momentum buffer.
        var momentumBuffer: [Float] = []
        /// adam's running averages of the gradient and of its square.
        var firstMoment: [Float] = [], secondMoment: [Float] = []
        /// rmsprop's running average of the squared gradient, and of the gradient (centered).
        var squareAverage: [Float] = [], gradientAverage: [Float] = []
        /// adagrad's sum of squared gradients.
        var sumOfSquares: [Float] = []

        /// Moves a buffer out (zero-filled on first use) so the update loops
        /// run on plain memory: no exclusivity checks, no copy on write.
        func take(_ path: ReferenceWritableKeyPath<State, [Float]>, count n: Int) -> [Float] {
            var buffer = self[keyPath: path]
            self[keyPath: path] = []
            if buffer.count != n { buffer = [Float](repeating: 0, count: n) }
            return buffer
        }
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

    /// One update of every param from its current `.grad` (params without a
    /// grad, and frozen ones, are skipped).
    public func step(_ params: [Tensor], extraWeightDecay: Double = 0) {
        for p in params where !p.isFrozen {
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
        s.step += 1
        // L2 weight decay folds into the gradient; adamw decays the weights instead.
        let decay = Float((kind == .adamw ? 0 : weightDecay) + extraDecay)
        gradient.withUnsafeBufferPointer { g in
            p.storage.withUnsafeMutableBufferPointer { w in
                guard !w.isEmpty, g.count == w.count else { return }
                switch kind {
                case .sgd: sgd(w, g, s, decay: decay)
                case .rmsprop: rmsprop(w, g, s, decay: decay)
                case .adagrad: adagrad(w, g, s, decay: decay)
                case .adam, .adamw: adam(w, g, s, decay: decay)
                }
            }
        }
    }

    private func sgd(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let lr = Float(self.lr)
        guard momentum != 0 else {
            for i in w.indices { w[i] += -lr * (decay == 0 ? g[i] : g[i] + decay * w[i]) }
            return
        }
        let mu = Float(momentum), keep = Float(1 - dampening), first = s.step == 1
        var buffer = s.take(\.momentumBuffer, count: w.count)
        defer { s.momentumBuffer = buffer }
        buffer.withUnsafeMutableBufferPointer { v in
            for i in w.indices {
                let gi = decay == 0 ? g[i] : g[i] + decay * w[i]
                v[i] = flushed(first ? gi : v[i] * mu + gi * keep)
                w[i] += -lr * (nesterov ? gi + v[i] * mu : v[i])
            }
        }
    }

    private func rmsprop(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let lr = Float(self.lr), eps = Float(self.eps)
        let al = Float(alpha), rest = Float(1 - alpha), mu = Float(momentum)
        var square = s.take(\.squareAverage, count: w.count)
        var average = centered ? s.take(\.gradientAverage, count: w.count) : []
        var buffer = momentum > 0 ? s.take(\.momentumBuffer, count: w.count) : []
        defer { s.squareAverage = square; s.gradientAverage = average; s.momentumBuffer = buffer }
        square.withUnsafeMutableBufferPointer { sq in
        average.withUnsafeMutableBufferPointer { avgG in
        buffer.withUnsafeMutableBufferPointer { v in
            for i in w.indices {
                let gi = decay == 0 ? g[i] : g[i] + decay * w[i]
                sq[i] = flushed(sq[i] * al + rest * gi * gi)
                var avg = sq[i]
                if centered { avgG[i] += (gi - avgG[i]) * rest; avg -= avgG[i] * avgG[i] }
                avg = avg.squareRoot() + eps
                if momentum > 0 { v[i] = flushed(v[i] * mu + gi / avg); w[i] += -lr * v[i] } else { w[i] += -lr * (gi / avg) }
            }
        }}}
    }

    private func adagrad(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let eps = Float(self.eps)
        let clr = Float(self.lr / (1 + Double(s.step - 1) * lrDecay))
        var sum = s.take(\.sumOfSquares, count: w.count)
        defer { s.sumOfSquares = sum }
        sum.withUnsafeMutableBufferPointer { sum in
            for i in w.indices {
                let gi = decay == 0 ? g[i] : g[i] + decay * w[i]
                sum[i] += gi * gi
                w[i] += -clr * (gi / (sum[i].squareRoot() + eps))
            }
        }
    }

    private func adam(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let eps = Float(self.eps)
        // Bias corrections in double, as PyTorch computes these scalars in Python.
        let c1 = 1 - _pow(beta1, Double(s.step))
        let c2 = 1 - _pow(beta2, Double(s.step))
        let stepSize = Float(self.lr / c1)
        let c2Root = Float(c2.squareRoot())
        let w1 = Float(1 - beta1), b2 = Float(beta2), w2 = Float(1 - beta2)
        if kind == .adamw && weightDecay != 0 {
            let shrink = Float(1 - self.lr * weightDecay)
            for i in w.indices { w[i] *= shrink }
        }
        var first = s.take(\.firstMoment, count: w.count), second = s.take(\.secondMoment, count: w.count)
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

    /// `adam(lr: 0.01)`, as the learner would write it.
    public var description: String {
        var parts = ["lr: \(NumberFormat.shortest(lr))"]
        switch kind {
        case .sgd:
            if momentum != 0 { parts.append("momentum: \(NumberFormat.shortest(momentum))") }
            if nesterov { parts.append("nesterov: true") }
        case .rmsprop: parts.append("alpha: \(NumberFormat.shortest(alpha))")
        default: break
        }
        if weightDecay != 0 { parts.append("weight_decay: \(NumberFormat.shortest(weightDecay))") }
        return "\(kind.rawValue)(" + parts.joined(separator: ", ") + ")"
    }
}

/// Running averages of a gradient that stays 0 decay into subnormal numbers,
/// where arithmetic is ~30× slower; below 1e-30 they are zero (what they
/// would still move a weight by is under float32's resolution). The Adam
/// kernel does the same.
@inline(__always) func flushed(_ x: Float) -> Float { x > -1e-30 && x < 1e-30 ? 0 : x }

@inline(__always) func _pow(_ a: Double, _ b: Double) -> Double {
    var r = 1.0
    var e = Int(b)
    var base = a
    while e > 0 { if e & 1 == 1 { r *= base }; base *= base; e >>= 1 }
    return r
}
