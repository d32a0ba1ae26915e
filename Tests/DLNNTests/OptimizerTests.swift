import Testing
import DLTensor
@testable import DLNN

/// Five steps of each optimizer from the same start and gradients as PyTorch.
@Suite struct OptimizerTests {
    static let cases = Array(Reference.shared.optimizers.indices)

    @Test(arguments: cases)
    func stepsMatchPyTorch(_ index: Int) {
        let c = Reference.shared.optimizers[index]
        let h = c.hyper
        let lr = h["lr"]!.number!, decay = h["weight_decay"]?.number
        let betas = (h["betas"]?.pair?[0] ?? 0.9, h["betas"]?.pair?[1] ?? 0.999)
        let opt: Optimizer
        switch c.optimizer {
        case "sgd": opt = SGD(lr: lr, momentum: h["momentum"]?.number ?? 0, dampening: h["dampening"]?.number ?? 0,
                              nesterov: h["nesterov"]?.flag ?? false, weightDecay: decay ?? 0)
        case "rmsprop": opt = RMSprop(lr: lr, alpha: h["alpha"]?.number ?? 0.99, eps: h["eps"]?.number ?? 1e-8,
                                      momentum: h["momentum"]?.number ?? 0, centered: h["centered"]?.flag ?? false, weightDecay: decay ?? 0)
        case "adagrad": opt = Adagrad(lr: lr, eps: h["eps"]?.number ?? 1e-10, lrDecay: h["lr_decay"]?.number ?? 0, weightDecay: decay ?? 0)
        case "adam": opt = Adam(lr: lr, beta1: betas.0, beta2: betas.1, eps: h["eps"]?.number ?? 1e-8, weightDecay: decay ?? 0)
        case "adamw": opt = Adam.w(lr: lr, beta1: betas.0, beta2: betas.1, eps: h["eps"]?.number ?? 1e-8, weightDecay: decay ?? 0.01)
        default: Issue.record("no optimizer named \(c.optimizer)"); return
        }
        #expect(opt.name == c.optimizer)
        let p = c.start.param
        for (i, (g, expected)) in zip(c.grads, c.after).enumerated() {
            p.grad = g.tensor
            opt.step([p])
            #expect(closeness(p.storage, expected.data, atol: 1e-6, rtol: 1e-5) <= 1,
                    "\(c.optimizer) \(h.keys.sorted()) step \(i + 1): \(p.storage.prefix(4)) vs \(expected.data.prefix(4))")
        }
    }

    @Test func paramsWithoutGradientsAreLeftAlone() {
        let p = Tensor(shape: [2], storage: [1, 2], isParam: true)
        Adam(lr: 0.1).step([p])
        #expect(p.storage == [1, 2])
    }
}

@Suite struct ScheduleTests {
    @Test func factorsFollowTheirFormulas() {
        #expect(Schedule.step(every: 2, gamma: 0.5).factor(epoch: 5, total: 10) == 0.25)
        #expect(Schedule.exponential(gamma: 0.9).factor(epoch: 2, total: 10) == 0.81)
        #expect(Schedule.cosine(epochs: 10, minFactor: 0).factor(epoch: 0, total: 10) == 1)
        #expect(abs(Schedule.cosine(epochs: 10, minFactor: 0).factor(epoch: 5, total: 10) - 0.5) < 1e-12)
        #expect(abs(Schedule.cosine(epochs: 0, minFactor: 0.1).factor(epoch: 10, total: 10) - 0.1) < 1e-12)
        let warm = Schedule.warmup(epochs: 3, then: .exponential(gamma: 0.5))
        #expect([0, 1, 2, 3, 4].map { warm.factor(epoch: $0, total: 10) } == [0.25, 0.5, 0.75, 1, 0.5])
    }
}
