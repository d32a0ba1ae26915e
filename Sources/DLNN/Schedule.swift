import TextFormat
import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Learning-rate schedules, applied per epoch as a factor of the optimizer's
/// base rate (PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, and a
/// linear warm-up that hands over to one of them).
public indirect enum Schedule: Sendable, CustomStringConvertible {
    case constant
    case step(every: Int, gamma: Double)
    case exponential(gamma: Double)
    case cosine(epochs: Int, minFactor: Double)
    case warmup(epochs: Int, then: Schedule)

    /// The factor for epoch e (0-based); `total` is fit's epoch count, used
    /// when a cosine schedule gives none.
    public func factor(epoch e: Int, total: Int) -> Double {
        switch self {
        case .constant: return 1
        case .step(let every, let gamma): return _pow(gamma, Double(e / Swift.max(every, 1)))
        case .exponential(let gamma): return _pow(gamma, Double(e))
        case .cosine(let epochs, let minFactor):
            let t = Double(Swift.min(e, epochs > 0 ? epochs : total))
            let span = Double(Swift.max(epochs > 0 ? epochs : total, 1))
            return minFactor + (1 - minFactor) * (1 + cos(Double.pi * t / span)) / 2
        case .warmup(let epochs, let then):
            if e < epochs { return Double(e + 1) / Double(epochs + 1) }
            return then.factor(epoch: e - epochs, total: Swift.max(total - epochs, 1))
        }
    }

    public var description: String {
        switch self {
        case .constant: "constant"
        case .step(let every, let gamma): "step(every: \(every), gamma: \(NumberFormat.shortest(gamma)))"
        case .exponential(let gamma): "exponential(gamma: \(NumberFormat.shortest(gamma)))"
        case .cosine(let epochs, let minFactor):
            "cosine(" + (epochs > 0 ? "epochs: \(epochs), " : "") + "min: \(NumberFormat.shortest(minFactor)))"
        case .warmup(let epochs, let then): "warmup(\(epochs), then: \(then))"
        }
    }
}
