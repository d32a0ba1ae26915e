import TextFormat
import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DLNN
import DLData

extension Builtins {
    static func nn() -> [Builtin] {
        [
            Builtin("summary(net)", "Prints the model's layer table: output shapes, parameter counts, totals and memory.",
                    example: "model m { input(4); dense(8); relu(); dense(3) }; summary(m)") { a in
                a.interpreter.output.write(ModelSummary.text(try a.model(0), width: a.interpreter.output.traits.columns))
                return .none
            },
            Builtin("params(net)", "The list of a model's trainable tensors, layer by layer.",
                    example: "model m { input(2); dense(1) }; len(params(m))") { a in
                .list(try a.model(0).params.map { .tensor($0) })
            },
            freezing("freeze(x)", "Stops step and fit from updating a model's or a layer's params (gradients still flow through it); summary shows them as not trainable.", frozen: true,
                     example: "model m { input(4); dense(8); relu(); dense(2) }; freeze(m.layers[0]); summary(m)"),
            freezing("unfreeze(x)", "Lets step and fit update a frozen model's or layer's params again.", frozen: false,
                     example: "model m { input(4); dense(2) }; freeze(m); unfreeze(m)"),
            Builtin("assign(p, value)", "Copies value (same shape) into the tensor p, unrecorded.",
                    example: "w = param(zeros(2)); assign(w, tensor([1, 2])); w") { a in
                let p = try a.tensor(0, "p"), v = try a.tensor(1, "value")
                guard p.shape == v.shape || (v.count == 1) else {
                    throw RuntimeError("assign: p has shape \(Shape.describe(p.shape)) but value has \(Shape.describe(v.shape))")
                }
                p.storage = v.count == 1 && p.count != 1 ? [Float](repeating: v.storage[0], count: p.count) : v.storage
                return .none
            },
            Builtin("step(opt, target)", "One optimizer update of a model's params (or a list of params) from their current .grad. step(env, action) moves in an environment instead.",
                    example: "w = param(ones(2)); opt = sgd(lr: 0.1); backward(sum(w * w)); step(opt, [w]); w") { a in
                if case .environment(let e) = a.value(0) { return try environmentStep(e, a) }
                let opt = try a.optimizer(0)
                opt.step(try a.paramList(1))
                return .none
            },
            optimizer("sgd(lr:, momentum: 0, nesterov: false, dampening: 0, weight_decay: 0)",
                      "Stochastic gradient descent, with PyTorch's update rule.", example: "sgd(lr: 0.1, momentum: 0.9)", defaultLR: SGD.defaultLR) { a, lr, decay in
                SGD(lr: lr, momentum: try a.number("momentum", default: 0), dampening: try a.number("dampening", default: 0),
                    nesterov: try a.bool("nesterov", default: false), weightDecay: decay ?? 0)
            },
            optimizer("rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weight_decay: 0)",
                      "RMSprop: steps scaled by a running average of squared gradients.", example: "rmsprop(lr: 0.001)", defaultLR: RMSprop.defaultLR) { a, lr, decay in
                RMSprop(lr: lr, alpha: try a.number("alpha", default: 0.99), eps: try a.number("eps", default: 1e-8),
                        momentum: try a.number("momentum", default: 0), centered: try a.bool("centered", default: false),
                        weightDecay: decay ?? 0)
            },
            optimizer("adagrad(lr: 0.01, eps: 1e-10, lr_decay: 0, weight_decay: 0)",
                      "Adagrad: steps scaled by the sum of all past squared gradients.", example: "adagrad(lr: 0.1)", defaultLR: Adagrad.defaultLR) { a, lr, decay in
                Adagrad(lr: lr, eps: try a.number("eps", default: 1e-10), lrDecay: try a.number("lr_decay", default: 0), weightDecay: decay ?? 0)
            },
            optimizer("adam(lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0)",
                      "Adam: momentum and per-weight step sizes, with bias correction.", example: "adam(lr: 0.01)", defaultLR: Adam.defaultLR) { a, lr, decay in
                Adam(lr: lr, beta1: try a.number("beta1", default: 0.9), beta2: try a.number("beta2", default: 0.999),
                     eps: try a.number("eps", default: 1e-8), weightDecay: decay ?? 0)
            },
            optimizer("adamw(lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01)",
                      "AdamW: Adam with weight decay applied to the weights directly.", example: "adamw(lr: 0.01, weight_decay: 0.05)", defaultLR: Adam.defaultLR) { a, lr, decay in
                Adam.w(lr: lr, beta1: try a.number("beta1", default: 0.9), beta2: try a.number("beta2", default: 0.999),
                       eps: try a.number("eps", default: 1e-8), weightDecay: decay ?? 0.01)
            },
            Builtin("schedule(kind, every: 10, gamma: 0.1, epochs: 0, min: 0, warmup: 0, then: \"constant\")",
                    "A learning-rate schedule for fit: \"step\", \"exponential\", \"cosine\", or \"warmup\" (linear, then another).",
                    example: "schedule(\"warmup\", warmup: 5, then: schedule(\"cosine\"))") { a in
                .schedule(try makeSchedule(a, kind: try a.string(0, "kind")))
            },
            Builtin("rates(schedule, epochs, lr: 1)",
                    "The learning rate a schedule gives each epoch of a fit of that many epochs, starting from lr.",
                    example: "rates(schedule(\"step\", every: 2, gamma: 0.5), 6, lr: 0.1)") { a in
                guard case .schedule(let s) = a.value(0) else {
                    throw RuntimeError("rates: schedule must be a schedule such as schedule(\"cosine\"), got a \(a.value(0).typeName)",
                                       at: a.at(0), help: "expected \(a.builtin.signature)")
                }
                let epochs = try a.int(1, "epochs")
                guard (1...100_000).contains(epochs) else { throw RuntimeError("rates: epochs must be between 1 and 100000, got \(epochs)", at: a.at(1)) }
                let lr = try a.number("lr", default: 1)
                return .list((0..<epochs).map { .number(lr * s.factor(epoch: $0, total: epochs)) })
            },
            Builtin("fit(net, data, epochs: 10, batch: 32, optimizer: adam(), loss: none, validate: none, early_stop: none, weight_decay: 0, clip: none, schedule: none, shuffle: true, seed: none, verbose: true, record: true)",
                    "Trains a model on a dataset with mini-batches; returns the history (h.loss, h.val_loss, h.accuracy, ...; h.layers: each layer's activation and gradient histograms and log10 upd/W over training, unless record: false).",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(8); tanh(); dense(2) }; h = fit(m, data, epochs: 2, verbose: false)") { a in
                try Training.fit(a)
            },
            Builtin("evaluate(net, data, loss: none)", "Prints loss and metrics (accuracy, precision, recall, F1, confusion; or MSE and MAE) and returns them.",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(2) }; r = evaluate(m, data); r.accuracy") { a in
                try Training.evaluate(a)
            },
            Builtin("predict(net, x)", "The model's outputs for x, in evaluation mode, not recorded.",
                    example: "model m { input(2); dense(1) }; predict(m, zeros(3, 2))") { a in
                let m = try a.model(0)
                let x: Tensor
                if case .dataset(let d) = a.value(1) { x = d.x } else { x = try a.tensor(1, "x") }
                let single = x.shape == m.inputShape
                let batch = single ? try x.reshaped([1] + x.shape) : x
                let out = try Evaluator(model: m, loss: .mse).outputs(batch, logits: false)
                return .tensor(single ? try out.reshaped(Array(out.shape.dropFirst())) : out)
            },
            Builtin("save(net, path)", "Writes a model to a file (versioned and checksummed, written atomically); says so when it replaces one.",
                    example: "model m { input(2); dense(1) }; save(m, \"/tmp/m.model\")") { a in
                let m = try a.model(0), path = try a.string(1, "path")
                let replacing = access(path, F_OK) == 0
                try ModelFile.save(m, to: path)
                // Never overwrite a learner's file without a word.
                if replacing { a.interpreter.output.write("save: replaced the existing file \(Sanitize.path(path))\n") }
                return .none
            },
            Builtin("load(path)", "Reads a model written by save; a damaged file is an error, never wrong weights.",
                    example: "model m { input(2); dense(1) }; save(m, \"/tmp/m.model\"); m2 = load(\"/tmp/m.model\")") { a in
                let path = try a.string(0, "path")
                return .model(try ModelFile.load(from: path))
            },
        ]
    }

    /// An optimizer's builtin: the learning rate (positive, PyTorch's default)
    /// and weight decay (nil: the optimizer's default) read here; `make` reads the rest.
    private static func optimizer(_ signature: String, _ summary: String, example: String, defaultLR: Double,
                                  make: @escaping (Arguments, Double, Double?) throws -> Optimizer) -> Builtin {
        Builtin(signature, summary, example: example) { a in
            let lr = try a.number("lr", default: defaultLR)
            guard lr > 0 else { throw RuntimeError("\(a.builtin.name): lr must be positive, got \(NumberFormat.shortest(lr))") }
            let decay = a.keyword("weight_decay") == nil ? nil : try a.number("weight_decay", default: 0)
            return .optimizer(try make(a, lr, decay))
        }
    }

    static func makeSchedule(_ a: Arguments, kind: String) throws -> Schedule {
        switch kind {
        case "constant": return .constant
        case "step": return .step(every: try a.int("every", default: 10), gamma: try a.number("gamma", default: 0.1))
        case "exponential": return .exponential(gamma: try a.number("gamma", default: 0.95))
        case "cosine": return .cosine(epochs: try a.int("epochs", default: 0), minFactor: try a.number("min", default: 0))
        case "warmup":
            let then: Schedule
            switch a.keyword("then")?.0 {
            case .schedule(let s)?: then = s
            case .string(let s)?: then = try makeSchedule(a, kind: s)
            case nil: then = .constant
            case let v?: throw RuntimeError("schedule: then must be a schedule or its name, got a \(v.typeName)")
            }
            return .warmup(epochs: try a.int("warmup", default: 5), then: then)
        default:
            throw RuntimeError("schedule: unknown kind '\(kind)'", help: "use \"step\", \"exponential\", \"cosine\" or \"warmup\"")
        }
    }

    private static func freezing(_ signature: String, _ summary: String, frozen: Bool, example: String) -> Builtin {
        Builtin(signature, summary, example: example) { a in
            let params: [Tensor]
            switch a.value(0) {
            case .model(let m): params = m.params
            case .layer(let l): params = l.params
            case .tensor(let t) where t.isParam: params = [t]
            case let v:
                throw RuntimeError("\(a.builtin.name): x must be a model, a layer or a param, got a \(v.typeName)", at: a.at(0),
                                   help: "e.g. \(a.builtin.name)(net.layers[0])")
            }
            for p in params { p.isFrozen = frozen }
            return .none
        }
    }
}

extension Arguments {
    public func model(_ i: Int) throws -> Model {
        guard case .model(let m) = value(i) else {
            throw RuntimeError("\(builtin.name): argument \(i + 1) must be a model, got a \(value(i).typeName)", at: at(i),
                               help: "define one with model name { input(...) ... }")
        }
        return m
    }

    func optimizer(_ i: Int) throws -> Optimizer {
        guard case .optimizer(let o) = value(i) else {
            throw RuntimeError("\(builtin.name): argument \(i + 1) must be an optimizer, got a \(value(i).typeName)", at: at(i),
                               help: "e.g. adam(lr: 0.01)")
        }
        return o
    }

    func dataset(_ i: Int) throws -> Dataset {
        guard case .dataset(let d) = value(i) else {
            throw RuntimeError("\(builtin.name): argument \(i + 1) must be a dataset, got a \(value(i).typeName)", at: at(i),
                               help: "e.g. dataset(\"iris\") or dataset(x, y)")
        }
        return d
    }

    /// A model's params, or a list of param tensors.
    func paramList(_ i: Int) throws -> [Tensor] {
        switch value(i) {
        case .model(let m): return m.params
        case .tensor(let t): return [t]
        case .list(let l):
            return try l.items.map {
                guard case .tensor(let t) = $0 else { throw RuntimeError("\(builtin.name): the list must hold tensors", at: at(i)) }
                return t
            }
        case let v:
            throw RuntimeError("\(builtin.name): argument \(i + 1) must be a model or a list of params, got a \(v.typeName)", at: at(i))
        }
    }
}
