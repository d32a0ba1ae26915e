import TextFormat
import DLTensor
import DLNN
import DLData

/// The bodies of fit and evaluate: argument handling, then DLNN does the work.
enum Training {
    static func lossFor(_ a: Arguments, model: Model, data: Dataset) throws -> Loss {
        if let (v, loc) = a.keyword("loss"), case .string(let name) = v {
            return try at(loc) { try Loss.named(name) }
        } else if let (v, loc) = a.keyword("loss"), !isNone(v) {
            throw RuntimeError("\(a.builtin.name): loss must be a name such as \"crossentropy\", got a \(v.typeName)", at: loc)
        }
        return Loss.inferred(for: model, labels: data.y, classCount: data.classCount)
    }

    static func isNone(_ v: Value) -> Bool { if case .none = v { true } else { false } }

    static func fit(_ a: Arguments) throws -> Value {
        let model = try a.model(0)
        let data = try a.dataset(1)
        let loss = try lossFor(a, model: model, data: data)
        let optimizer: Optimizer
        switch a.keyword("optimizer") {
        case (.optimizer(let o), _)?: optimizer = o
        case nil: optimizer = Adam()
        case (let v, let loc)?: throw RuntimeError("fit: optimizer must be an optimizer such as adam(lr: 0.01), got a \(v.typeName)", at: loc)
        }
        var options = FitOptions(loss: loss, optimizer: optimizer)
        options.epochs = try a.int("epochs", default: 10)
        options.batchSize = try a.int("batch", default: 32)
        guard options.epochs >= 0, options.batchSize > 0 else {
            throw RuntimeError("fit: epochs must be 0 or more and batch at least 1")
        }
        if let (v, loc) = a.keyword("validate"), !isNone(v) {
            guard case .dataset(let d) = v else { throw RuntimeError("fit: validate must be a dataset, got a \(v.typeName)", at: loc) }
            options.validation = (d.x, d.y)
        }
        if let patience = try a.optionalInt("early_stop") {
            guard options.validation != nil else {
                throw RuntimeError("fit: early_stop watches the validation loss, so it needs validate: a dataset")
            }
            guard patience >= 1 else { throw RuntimeError("fit: early_stop must be at least 1 epoch") }
            options.earlyStopPatience = patience
        }
        options.weightDecay = try a.number("weight_decay", default: 0)
        if let (v, loc) = a.keyword("clip"), !isNone(v) {
            let norm = try a.toNumber(v, "'clip'", loc)
            guard norm > 0, norm.isFinite else {
                throw RuntimeError("fit: clip must be a positive gradient norm, got \(NumberFormat.shortest(norm))", at: loc, help: "e.g. clip: 1.0")
            }
            options.clipNorm = norm
        }
        switch a.keyword("schedule") {
        case (.schedule(let s), _)?: options.schedule = s
        case (.string(let kind), _)?: options.schedule = try Builtins.makeSchedule(a, kind: kind)
        case nil, (.none, _)?: break
        case (let v, let loc)?: throw RuntimeError("fit: schedule must be a schedule such as schedule(\"cosine\"), got a \(v.typeName)", at: loc)
        }
        options.shuffle = try a.bool("shuffle", default: true)
        if let s = try a.optionalInt("seed") {
            guard s >= 0 else { throw RuntimeError("fit: seed must be 0 or more") }
            options.seed = UInt64(s)
        } else {
            options.seed = a.interpreter.rng.next()
        }
        let verbose = try a.bool("verbose", default: true)
        options.record = try a.bool("record", default: true)
        let printer = TrainingPrinter(output: a.interpreter.output, verbose: verbose,
                                      metricName: loss.isClassification ? "accuracy" : "mae",
                                      context: TrainingContext(model: model, x: data.x, y: data.y,
                                                               classCount: data.classCount, loss: loss, verbose: verbose,
                                                               optimizer: optimizer))
        var trainer = Trainer(model: model, options: options, listener: printer)
        trainer.shouldStop = a.interpreter.isInterrupted
        let clock = ContinuousClock(), start = clock.now
        trainer.clock = { (clock.now - start).seconds }
        let history = try trainer.fit(x: data.x, y: data.y)
        if verbose {
            for advice in TrainingAdvice.after(history, options: options, targets: data.y, classes: data.classCount) { a.interpreter.output.write(advice + "\n") }
        }
        let m = history.metricName
        func list(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }
        return .record(Record(kind: "history", fields: [
            ("loss", list(history.loss)), ("val_loss", list(history.validationLoss)),
            (m, list(history.metric)), ("val_" + m, list(history.validationMetric)),
            ("lr", list(history.learningRate)),
            ("epochs", .number(Double(history.loss.count))),
            ("stopped", printer.stopMessage.map { .string($0) } ?? .none),
            ("layers", history.record.map(LayerHistoryValue.layers) ?? .list(ListBox([]))),
            ("model", .model(model)),
        ] + LayerHistoryValue.weights(history.record), reported: true))
    }

    static func evaluate(_ a: Arguments) throws -> Value {
        let model = try a.model(0)
        let data = try a.dataset(1)
        let loss = try lossFor(a, model: model, data: data)
        let evaluator = Evaluator(model: model, loss: loss)
        let measure = try evaluator.measure(x: data.x, y: data.y)
        let out = a.interpreter.output
        if loss.isClassification {
            let r = evaluator.classification(measure, y: data.y)
            out.write(EvaluationText.classification(model: model.name, samples: data.size, loss: measure.loss, r))
            let k = r.classes
            var fields: [(String, Value)] = [
                ("loss", .number(measure.loss)), ("accuracy", .number(r.accuracy)), ("precision", .number(r.precision)),
                ("recall", .number(r.recall)), ("f1", .number(r.f1)),
                ("confusion", .tensor(Tensor(shape: [k, k], storage: r.confusion.flatMap { $0.map(Float.init) }))),
            ]
            if let auc = r.rocAUC { fields.append(("roc_auc", .number(auc))) }
            return .record(Record(kind: "evaluation", fields: fields, reported: true))
        }
        let mse = try regressionError(measure.outputs, data.y, squared: true)
        let mae = try regressionError(measure.outputs, data.y, squared: false)
        out.write(EvaluationText.regression(model: model.name, samples: data.size, loss: measure.loss, mse: mse, mae: mae))
        return .record(Record(kind: "evaluation", fields: [
            ("loss", .number(measure.loss)), ("mse", .number(mse)), ("mae", .number(mae)),
        ], reported: true))
    }

    static func regressionError(_ out: Tensor, _ y: Tensor, squared: Bool) throws -> Double {
        guard out.count == y.count, out.count > 0 else {
            throw RuntimeError("evaluate: the model gives \(Shape.describe(out.shape)) but the targets are \(Shape.describe(y.shape))")
        }
        var s = 0.0
        for (o, t) in zip(out.storage, y.storage) { let d = Double(o - t); s += squared ? d * d : Swift.abs(d) }
        return s / Double(out.count)
    }
}
