import TextFormat
import DLTensor
import DLNN
import DLData

/// The pieces of a training loop written by hand: mini-batches, gradient
/// clipping, and series for the live chart.
extension Builtins {
    static func loop() -> [Builtin] {
        [
            Builtin("batches(data, size, shuffle: false, seed: none)",
                    "The dataset cut into mini-batches: a list of [xb, yb], for xb, yb in batches(train, 32) { ... }. The last batch may be smaller; shuffle uses the session's random numbers unless seed: is given.",
                    example: "data = dataset(\"xor\", n: 10); for xb, yb in batches(data, 4, shuffle: true) { print(xb.shape, yb.shape) }") { a in
                try batches(a)
            },
            Builtin("clip_grad(target, max_norm)",
                    "Rescales the gradients of a model's params (or a list of params) so their global L2 norm is at most max_norm; returns the norm before.",
                    example: "w = param(tensor([3, 4])); backward(sum(w * w)); clip_grad([w], 1.0); w.grad") { a in
                let params = try a.paramList(0)
                let maxNorm = try a.number(1, "max_norm")
                guard maxNorm > 0, maxNorm.isFinite else {
                    throw RuntimeError("clip_grad: max_norm must be a positive number, got \(NumberFormat.shortest(maxNorm))", at: a.at(1),
                                       help: "e.g. clip_grad(net, 1.0)")
                }
                return .number(GradClip.clip(params, maxNorm: maxNorm))
            },
            Builtin("track(**series)",
                    "Adds a point to each named series, track(loss: loss, acc: a): numbers or one-element tensors. The screen charts every series live; tracked(name) reads one back.",
                    example: "track(loss: 0.5); track(loss: tensor(0.25)); tracked(\"loss\")") { a in
                guard !a.keywords.isEmpty else {
                    throw RuntimeError("track needs at least one named value", at: a.location, help: "e.g. track(loss: loss)")
                }
                // Every value is checked before any is added, so an error leaves no series a point ahead.
                var points: [(name: String, value: Double)] = []
                for (name, v, loc) in a.keywords {
                    switch v {
                    case .number(let n): points.append((name, n))
                    case .tensor(let t) where t.count == 1: points.append((name, Double(t.storage[0])))
                    case .tensor(let t):
                        throw RuntimeError("track: \(name) must be a number or a one-element tensor, got a tensor of shape \(Shape.describe(t.shape))",
                                           at: loc, help: "reduce it first, e.g. mean(...)")
                    default:
                        throw RuntimeError("track: \(name) must be a number or a one-element tensor, got a \(v.typeName)", at: loc)
                    }
                }
                for ((name, x), (_, _, loc)) in zip(points, a.keywords) {
                    try DLLang.at(loc) { try a.interpreter.tracked.add(name, x) }
                }
                a.interpreter.output.send(.tracked(points))
                return .none
            },
            Builtin("tracked(name)", "The list of values track(name: ...) has added so far in this session.",
                    example: "track(acc: 0.9); tracked(\"acc\")") { a in
                let name = try a.string(0, "name")
                guard let values = a.interpreter.tracked.series(name) else {
                    let known = a.interpreter.tracked.names
                    let help = known.isEmpty ? "nothing has been tracked yet: track(\(Sanitize.displayable(name)): value) adds a point"
                        : (closestName(to: name, among: known).map { "did you mean \"\($0)\"? " } ?? "")
                            + "tracked so far: " + known.map { "\"\($0)\"" }.joined(separator: ", ")
                    throw RuntimeError("tracked: no series named \"\(Sanitize.displayable(name))\"", at: a.at(0), help: help)
                }
                return .list(values.map { .number($0) })
            },
        ]
    }

    private static func batches(_ a: Arguments) throws -> Value {
        let d = try a.dataset(0)
        let size = try a.int(1, "size")
        let n = d.size
        guard n > 0 else { throw RuntimeError("batches: the dataset is empty", at: a.at(0)) }
        guard size >= 1, size <= n else {
            throw RuntimeError("batches: size must be between 1 and the dataset's \(n) samples, got \(size)", at: a.at(1),
                               help: "e.g. batches(data, \(Swift.min(32, n)))")
        }
        var order = Array(0..<n)
        if try a.bool("shuffle", default: false) {
            if let s = try a.optionalInt("seed") {
                guard s >= 0 else { throw RuntimeError("batches: seed must be 0 or more, got \(s)", at: a.keyword("seed")!.1) }
                var rng = RandomGenerator(seed: UInt64(s))
                order = rng.permutation(n)
            } else {
                order = a.interpreter.rng.permutation(n)
            }
        }
        var out: [Value] = []
        out.reserveCapacity((n + size - 1) / size)
        for start in stride(from: 0, to: n, by: size) {
            let rows = Array(order[start..<Swift.min(n, start + size)])
            out.append(.list([.tensor(d.x.rows(rows)), .tensor(d.y.rows(rows))]))
        }
        return .list(out)
    }
}
