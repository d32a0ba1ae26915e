import TextFormat
import DLTensor

/// What every optimizer shares: a learning rate that schedules change, L2
/// weight decay, and how a step visits the params. Each optimizer is one
/// subclass of `OptimizerBase` with its own state per param, as PyTorch's
/// update rules and defaults have it; a new one is one file.
public class Optimizer {
    /// `sgd`, `adam`, ...: the builtin that makes it.
    public let name: String
    /// The learning rate in use; schedules change it between epochs.
    /// Hyperparameters are doubles, as Python floats are in PyTorch; each
    /// scalar is rounded to float32 where PyTorch's kernels round it.
    public var lr: Double
    public let baseLR: Double
    public let weightDecay: Double

    init(name: String, lr: Double, weightDecay: Double) {
        self.name = name
        self.lr = lr
        baseLR = lr
        self.weightDecay = weightDecay
    }

    /// One update of every param from its current `.grad` (params without a
    /// grad, and frozen ones, are skipped). `extraWeightDecay`: fit's own L2.
    public func step(_ params: [Tensor], extraWeightDecay: Double = 0) {
        preconditionFailure("an optimizer is a subclass of OptimizerBase")
    }

    /// The hyperparameters that differ from the defaults, as the learner writes them.
    var settings: [String] { [] }

    /// `adam(lr: 0.01)`, as the learner would write it.
    public var description: String {
        var parts = ["lr: \(NumberFormat.shortest(lr))"] + settings
        if weightDecay != 0 { parts.append("weight_decay: \(NumberFormat.shortest(weightDecay))") }
        return "\(name)(" + parts.joined(separator: ", ") + ")"
    }
}

/// What an optimizer remembers about one param between steps.
public protocol ParamState: AnyObject {
    init()
    var step: Int { get set }
}

/// An optimizer with a `State` per param; subclasses write `update`.
public class OptimizerBase<State: ParamState>: Optimizer {
    private var states: [ObjectIdentifier: (param: Tensor, state: State)] = [:]

    /// The L2 decay folded into the gradient (AdamW decays the weights instead).
    var gradientDecay: Double { weightDecay }

    public override func step(_ params: [Tensor], extraWeightDecay: Double = 0) {
        let decay = Float(gradientDecay + extraWeightDecay)
        for p in params where !p.isFrozen {
            guard let grad = p.grad else { continue }
            let key = ObjectIdentifier(p)
            let state: State
            if let s = states[key], s.param === p { state = s.state } else {
                state = State()
                states[key] = (p, state)
            }
            state.step += 1
            grad.storage.withUnsafeBufferPointer { g in
                p.storage.withUnsafeMutableBufferPointer { w in
                    guard !w.isEmpty, g.count == w.count else { return }
                    update(w, g, state, decay: decay)
                }
            }
        }
    }

    /// One param's update from its gradient; `decay` is already folded in where the rule says.
    func update(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: State, decay: Float) {
        preconditionFailure("OptimizerBase.update is written by each optimizer")
    }
}

/// Moves a buffer out (zero-filled on first use) so the update loops run on
/// plain memory: no exclusivity checks, no copy on write.
@inline(__always) func taken(_ buffer: inout [Float], count n: Int) -> [Float] {
    var out: [Float] = []
    swap(&out, &buffer)
    if out.count != n { out = [Float](repeating: 0, count: n) }
    return out
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
