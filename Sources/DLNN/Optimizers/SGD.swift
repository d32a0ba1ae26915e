import TextFormat

/// Stochastic gradient descent, with PyTorch's momentum, dampening and Nesterov.
public final class SGD: OptimizerBase<SGD.State> {
    public final class State: ParamState {
        public var step = 0
        var momentum: [Float] = []
        public init() {}
    }

    public let momentum: Double, dampening: Double, nesterov: Bool
    public static let defaultLR = 1e-3

    public init(lr: Double = defaultLR, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        super.init(name: "sgd", lr: lr, weightDecay: weightDecay)
    }

    override var settings: [String] {
        (momentum != 0 ? ["momentum: \(NumberFormat.shortest(momentum))"] : []) + (nesterov ? ["nesterov: true"] : [])
    }

    override func update(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let lr = Float(self.lr)
        guard momentum != 0 else {
            for i in w.indices { w[i] += -lr * (decay == 0 ? g[i] : g[i] + decay * w[i]) }
            return
        }
        let mu = Float(momentum), keep = Float(1 - dampening), first = s.step == 1
        var buffer = taken(&s.momentum, count: w.count)
        defer { s.momentum = buffer }
        buffer.withUnsafeMutableBufferPointer { v in
            for i in w.indices {
                let gi = decay == 0 ? g[i] : g[i] + decay * w[i]
                v[i] = flushed(first ? gi : v[i] * mu + gi * keep)
                w[i] += -lr * (nesterov ? gi + v[i] * mu : v[i])
            }
        }
    }
}
