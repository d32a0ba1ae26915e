import DLNN
import DLData
import DLTensor
import TextFormat

/// `replay(h, epoch: k)`: the model as fit left it after epoch k, from the
/// weights the history kept: the loss then, a layer table (weight norm,
/// log10 upd/W and histogram ranges recorded during that epoch, dead or
/// saturated share on the data) and, for 2-D inputs, the neuron maps,
/// whose output map is the decision boundary. The model's weights are put
/// back afterwards.
enum Replay {
    static func run(_ a: Arguments) throws -> Value {
        guard case .record(let h) = a.value(0), h.kind == "history" else {
            throw RuntimeError("replay: argument 1 must be the history fit returned, got a \(a.value(0).typeName)", at: a.at(0),
                               help: "h = fit(net, data, ...); replay(h, epoch: 5)")
        }
        guard case .model(let model)? = h["model"], case .tensor(let weights)? = h["weights"],
              case .list(let kept)? = h["weight_epochs"] else {
            throw RuntimeError("replay: this history kept no weights", at: a.at(0),
                               help: "fit keeps them unless record: false, for models up to \(TrainingRecord.snapshotBudget / 2) params and buffers")
        }
        let epochs = kept.items.map { v -> Int in if case .number(let x) = v { Int(x) } else { -1 } }
        let (k, loc) = try epochArgument(a)
        guard let row = epochs.firstIndex(of: k) else {
            let last = epochs.last ?? 0
            let every = epochs.count > 1 ? epochs[1] - epochs[0] : 1
            var help = "kept: epochs 0 (before training) to \(last)"
            if every > 1 { help += ", every \(every) (at most \(TrainingRecord.maxSnapshots) are kept, thinned evenly)" }
            if k >= 0 && k <= last, let near = epochs.min(by: { abs($0 - k) < abs($1 - k) }) { help += "; the nearest is \(near)" }
            throw RuntimeError("replay: epoch \(k) was not kept", at: loc, help: help)
        }
        let size = weights.shape.count == 2 ? weights.shape[1] : 0
        let state = model.state
        guard size == state.reduce(0, { $0 + $1.count }) else {
            throw RuntimeError("replay: the model's params changed shape since this fit", at: a.at(0))
        }
        var data: Dataset? = nil
        if a.count > 1 {
            guard case .dataset(let d) = a.value(1) else {
                throw RuntimeError("replay: data must be a dataset, got a \(a.value(1).typeName)", at: a.at(1))
            }
            data = d
        }
        let saved = model.snapshot()
        defer { model.restore(saved) }
        model.restore(flattened: weights.storage[(row * size)..<((row + 1) * size)])

        let out = a.interpreter.output
        var text = "\(model.name) after epoch \(k)"
        if k == 0 { text = "\(model.name) before training (epoch 0)" }
        if case .list(let losses)? = h["loss"], k >= 1, k <= losses.items.count, case .number(let l) = losses.items[k - 1] {
            text += ", training loss \(NumberFormat.readable(l, significant: 4))"
        }
        if epochs.count > 1, epochs[1] - epochs[0] > 1 {
            text += " (weights kept every \(epochs[1] - epochs[0]) epochs: at most \(TrainingRecord.maxSnapshots) per fit)"
        }
        out.write(text + "\n")
        out.write(table(model, h, epoch: k, data: data).joined(separator: "\n") + "\n")
        if model.inputShape == [2] {
            let bounds = data.flatMap { NeuronMaps.bounds(around: $0.x) } ?? NeuronMaps.Bounds(x0: -2, x1: 2, y0: -2, y1: 2)
            let maps = try DLLang.at(a.location) {
                try NeuronMaps.compute(model, bounds: bounds, columns: NeuronPicture.columns, rows: NeuronPicture.rows)
            }
            let colors = out.traits.colors
            a.interpreter.picturesDrawn += 1
            let picture = NeuronPicture.picture(maps, name: model.name, width: out.traits.columns, unicode: out.traits.unicode, diverging: colors)
            out.send(.picture(picture, key: "replay \(a.location)"))
        }
        return .none
    }

    static func epochArgument(_ a: Arguments) throws -> (Int, SourceLocation) {
        guard let (v, loc) = a.keyword("epoch") else {
            throw RuntimeError("replay: say which epoch, e.g. replay(h, epoch: 5)", at: a.location)
        }
        guard case .number(let x) = v, x == x.rounded(), abs(x) < 1e9 else {
            throw RuntimeError("replay: epoch must be a whole number", at: loc)
        }
        return (Int(x), loc)
    }

    /// One line per layer: |W| at that epoch, and what the fit recorded
    /// during it (its last record): log10 upd/W and the output's range.
    static func table(_ model: Model, _ h: Record, epoch k: Int, data: Dataset?) -> [String] {
        var rows: [[String]] = [["layer", "|W|", "log10 upd/W", "output range", "health"]]
        var layers: [Record] = []
        if case .list(let l)? = h["layers"] {
            layers = l.items.compactMap { if case .record(let r) = $0 { r } else { nil } }
        }
        var outputs: [Tensor] = []
        if let d = data {
            let kept = model.recordsActivations
            model.recordsActivations = true
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
            if (try? GradMode.withoutRecording({ try model.forward(d.x, &context) })) != nil { outputs = model.lastActivations }
            model.recordsActivations = kept
        }
        for (i, layer) in model.layers.enumerated() {
            let watched = LayerWatch.watched(layer)
            var norm = "", ratio = "", range = "", health = ""
            if !watched.isEmpty {
                let s = watched.reduce(0.0) { acc, t in acc + t.storage.reduce(0.0) { $0 + Double($1) * Double($1) } }
                norm = NumberFormat.readable(s.squareRoot(), significant: 3)
            }
            if i < layers.count, let r = lastRecord(layers[i], epoch: k) {
                if case .list(let u)? = layers[i]["update_ratio"], r < u.items.count, case .number(let x) = u.items[r] {
                    ratio = NumberFormat.readable(x, significant: 3)
                }
                if case .list(let ranges)? = layers[i]["activation_range"], r < ranges.items.count, case .number(let x) = ranges.items[r] {
                    range = "±" + NumberFormat.readable(x, significant: 3)
                }
            }
            if i < outputs.count { health = layer.activity(outputs[i]) ?? "" }
            rows.append(["\(i) \(layer.label)", norm, ratio, range, health])
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.map { r in
            Picture.trimmed(r.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }.joined(separator: "  "))
        }
        lines.append("(upd/W and the range: the last step recorded in epoch \(k), if any; health on the data given)")
        return lines
    }

    /// The index of the last record made during epoch k.
    static func lastRecord(_ layer: Record, epoch k: Int) -> Int? {
        guard case .list(let e)? = layer["epochs"] else { return nil }
        return e.items.lastIndex { if case .number(let x) = $0 { Int(x) == k } else { false } }
    }
}
