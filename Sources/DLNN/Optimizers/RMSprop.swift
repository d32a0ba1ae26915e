import TextFormat

/// RMSprop: steps scaled by a running average of squared gradients
/// (centered: less the square of the gradient's running average).
public final class RMSprop: OptimizerBase<RMSprop.State> {
    public final class State: ParamState {
        public var step = 0
        var squareAverage: [Float] = [], gradientAverage: [Float] = [], momentum: [Float] = []
        public init() {}
    }

    public let alpha: Double, eps: Double, momentum: Double, centered: Bool
    public static let defaultLR = 1e-2

    public init(lr: Double = defaultLR, alpha: Double = 0.99, eps: Double = 1e-8, momentum: Double = 0,
                centered: Bool = false, weightDecay: Double = 0) {
        self.alpha = alpha
        self.eps = eps
        self.momentum = momentum
        self.centered = centered
        super.init(name: "rmsprop", lr: lr, weightDecay: weightDecay)
    }

    override var settings: [String] { ["alpha: \(NumberFormat.shortest(alpha))"] }

    override func update(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        let lr = Float(self.lr), eps = Float(self.eps)
        let al = Float(alpha), rest = Float(1 - alpha), mu = Float(momentum)
        var square = taken(&s.squareAverage, count: w.count)
        var average = centered ? taken(&s.gradientAverage, count: w.count) : []
        var buffer = momentum > 0 ? taken(&s.momentum, count: w.count) : []
        defer { s.squareAverage = square; s.gradientAverage = average; s.momentum = buffer }
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
}
