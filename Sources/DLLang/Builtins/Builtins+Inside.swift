import DLNN
import DLTensor
import TextFormat

/// Looking inside a model: what its units compute.
extension Builtins {
    static func inside() -> [Builtin] {
        [
            Builtin("neurons(net, [data])",
                    "For a model on 2-D inputs, draws what every unit computes: one small map per hidden unit of each layer, and the output, over the input plane (data's range when given: a dataset or an [n, 2] tensor; else -2..2). Units dead (a ReLU at 0 everywhere) or saturated (a tanh or sigmoid flat everywhere) are marked.",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(3); tanh(); dense(1); sigmoid() }; neurons(m, data)") { a in
                let model = try a.model(0)
                var bounds = NeuronMaps.Bounds(x0: -2, x1: 2, y0: -2, y1: 2)
                if a.count > 1 {
                    let x: Tensor
                    switch a.value(1) {
                    case .dataset(let d): x = d.x
                    case .tensor(let t): x = t
                    case let v:
                        throw RuntimeError("neurons: data must be a dataset or an [n, 2] tensor of points, got a \(v.typeName)", at: a.at(1))
                    }
                    guard let b = NeuronMaps.bounds(around: x) else {
                        throw RuntimeError("neurons: data must hold 2-D points ([n, 2]) with finite values, got \(Shape.describe(x.shape))", at: a.at(1))
                    }
                    bounds = b
                }
                let maps = try DLLang.at(a.at(0)) {
                    try NeuronMaps.compute(model, bounds: bounds, columns: NeuronPicture.columns, rows: NeuronPicture.rows)
                }
                let out = a.interpreter.output
                a.interpreter.picturesDrawn += 1
                let colors = out.traits.colors
                let picture = NeuronPicture.picture(maps, name: model.name, width: out.traits.columns, unicode: out.traits.unicode, diverging: colors)
                out.send(.picture(picture, key: "neurons \(a.location)"))
                return .none
            },
            Builtin("landscape(net, data, steps: 41, range: 1, seed: none, loss: none, along: none)",
                    "The loss on a 2-D slice of weight space around net's current weights, along two random filter-normalised directions (Li et al. 2018; seeded by seed: or the session): a shaded contour picture with the current weights (+) and the lowest loss (*) marked. Returns r.loss ([steps, steps], row 0 at β = +range), r.alphas, r.betas, r.center, r.min, r.min_at. With along: h (a history of fit on net), the slice is along the two directions the run moved most (the first two principal directions of its weight snapshots), covers the run, and shows the optimizer's path (r.path_alpha, r.path_beta). The weights are put back exactly.",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(4); tanh(); dense(1); sigmoid() }; fit(m, data, epochs: 20, verbose: false); r = landscape(m, data, steps: 21)") { a in
                let model = try a.model(0)
                let data = try a.dataset(1)
                let loss = try Training.lossFor(a, model: model, data: data)
                let steps = try a.int("steps", default: 41)
                let range = try a.number("range", default: 1)
                let seed: UInt64
                if let s = try a.optionalInt("seed") {
                    guard s >= 0 else { throw RuntimeError("landscape: seed must be 0 or more", at: a.keyword("seed")!.1) }
                    seed = UInt64(s)
                } else {
                    seed = a.interpreter.rng.next()
                }
                let interpreter = a.interpreter
                var trajectory: Trajectory? = nil
                if let (v, loc) = a.keyword("along"), !Training.isNone(v) {
                    guard case .record(let h) = v, h.kind == "history" else {
                        throw RuntimeError("landscape: along: must be the history fit returned, got a \(v.typeName)", at: loc)
                    }
                    guard case .tensor(let w)? = h["weights"], w.rank == 2 else {
                        throw RuntimeError("landscape: this history kept no weights", at: loc,
                                           help: "fit keeps them unless record: false, for models up to \(TrainingRecord.snapshotBudget / 2) params and buffers")
                    }
                    let size = w.shape[1]
                    let snapshots = (0..<w.shape[0]).map { Array(w.storage[($0 * size)..<(($0 + 1) * size)]) }
                    trajectory = try DLLang.at(loc) { try Trajectory(model, snapshots: snapshots) }
                }
                var shownRange = range
                if let t = trajectory, a.keyword("range") == nil {
                    // Cover the whole path with a margin.
                    let far = zip(t.alphas, t.betas).map { Swift.max(Swift.abs($0), Swift.abs($1)) }.max() ?? 0
                    shownRange = far > 0 ? far * 1.25 : range
                }
                let l = try DLLang.at(a.location) {
                    if let t = trajectory {
                        return try t.landscape(model, loss: loss, x: data.x, y: data.y, steps: steps, range: shownRange,
                                               shouldStop: { interpreter.isInterrupted() })
                    }
                    return try Landscape.compute(model, loss: loss, x: data.x, y: data.y, steps: steps, range: range, seed: seed,
                                                 shouldStop: { interpreter.isInterrupted() })
                }
                let out = a.interpreter.output
                a.interpreter.picturesDrawn += 1
                var title = "loss of \(model.name) on a \(steps)×\(steps) slice: α across, β up, each \(NumberFormat.readable(-shownRange, significant: 3))..\(NumberFormat.readable(shownRange, significant: 3)) along "
                let path = trajectory.map { t in Array(zip(t.alphas, t.betas)) } ?? []
                if let t = trajectory {
                    title += "the run's two main directions (\(NumberFormat.percent(t.explained.0)) and \(NumberFormat.percent(t.explained.1)) of its movement)"
                } else {
                    title += "random filter-normalised directions"
                }
                out.send(.picture(ShadedPicture(text: LandscapePicture.lines(l, title: title, path: path, width: out.traits.columns, unicode: out.traits.unicode)),
                                  key: "landscape \(a.location)"))
                let m = l.minimum
                return .record(Record(kind: "landscape", fields: [
                    ("loss", .tensor(Tensor(shape: [steps, steps], storage: l.loss.map(Float.init)))),
                    ("alphas", .list(l.alphas.map { .number($0) })),
                    ("betas", .list(l.betas.map { .number($0) })),
                    ("center", .number(l.center)),
                    ("min", m.map { .number(l.loss[$0.row * steps + $0.column]) } ?? .none),
                    ("min_at", m.map { .list([.number(l.alphas[$0.column]), .number(l.betas[$0.row])]) } ?? .none),
                    ("path_alpha", .list((trajectory?.alphas ?? []).map { .number($0) })),
                    ("path_beta", .list((trajectory?.betas ?? []).map { .number($0) })),
                ], reported: true))
            },
            Builtin("replay(h, [data], epoch:)",
                    "Shows a finished fit as it was after an epoch, from the weights fit kept (every epoch, thinned evenly to at most 200): the loss then, a layer table (|W|, log10 upd/W and output range recorded that epoch, health on data) and, for 2-D inputs, the neuron maps with the output (the decision boundary) over data's range. Epoch 0 is before training. The model's weights are put back.",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(3); tanh(); dense(1); sigmoid() }; h = fit(m, data, epochs: 5, verbose: false); replay(h, data, epoch: 2)") { a in
                try Replay.run(a)
            },
        ]
    }
}
