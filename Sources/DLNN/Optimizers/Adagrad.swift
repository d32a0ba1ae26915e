/// Adagrad: steps scaled by the sum of all past squared gradients.
public final class Adagrad: OptimizerBase<Adagrad.State> {
    public final class State: ParamState {
        public var step = 0
        var sumOfSquares: [Float] = []
        public init() {}
    }

    public let eps: Double, lrDecay: Double
    public static let defaultLR = 1e-2

    public init(lr: Double = defaultLR, eps: Double = 1e-10, lrDecay: Double = 0, weightDecay: Double = 0) {
        self.eps = eps
        self.lrDecay = lrDecay
        super.init(name: "adagrad", lr: lr, weightDecay: weightDecay)
    }

    override func update(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let eps = Float(self.eps)
        let clr = Float(self.lr / (1 + Double(s.step - 1) * lrDecay))
        var sum = taken(&s.sumOfSquares, count: w.count)
        defer { s.sumOfSquares = sum }
        sum.withUnsafeMutableBufferPointer { sum in
            for i in w.indices {
                let gi = decay == 0 ? g[i] : g[i] + decay * w[i]
                sum[i] += gi * gi
                w[i] += -clr * (gi / (sum[i].squareRoot() + eps))
            }
        }
    }
}
