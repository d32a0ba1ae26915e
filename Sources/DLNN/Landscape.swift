import DLTensor

/// The loss on a 2-D slice of weight space through the current weights W:
/// L(W + α·d1 + β·d2) on a grid of α, β in [-range, range] (Li et al.,
/// 2018). d1 and d2 are random, then filter-normalised: each unit's
/// incoming weights in a direction are scaled to the norm of that unit's
/// weights, so a step of 1 moves every unit as far as its own size and
/// layers of different scales compare. Biases and other one-axis params
/// (batchnorm's) stay fixed, as in the paper.
public struct Landscape: Sendable {
    /// `loss[i * steps + j]` at α = alphas[j], β = betas[i]; betas run from
    /// +range down to -range, so row 0 is the top of a picture.
    public let loss: [Double]
    public let alphas: [Double]
    public let betas: [Double]
    public var steps: Int { alphas.count }

    /// The centre: the loss at the weights as they are.
    public var center: Double { loss[(steps / 2) * steps + steps / 2] }

    /// The grid cell of the smallest finite loss.
    public var minimum: (row: Int, column: Int)? {
        var best: (Int, Int)? = nil, lowest = Double.infinity
        for i in 0..<steps {
            for j in 0..<steps where loss[i * steps + j].isFinite && loss[i * steps + j] < lowest {
                lowest = loss[i * steps + j]
                best = (i, j)
            }
        }
        return best
    }

    public static let maxSteps = 201

    /// Evaluates the grid. The weights are put back exactly as they were,
    /// whatever happens (each point sets them from one saved copy).
    public static func compute(_ model: Model, loss: Loss, x: Tensor, y: Tensor, steps: Int, range: Double,
                               seed: UInt64, shouldStop: () -> Bool = { false }) throws -> Landscape {
        guard steps >= 3, steps <= maxSteps, steps % 2 == 1 else {
            throw ModelError("landscape: steps must be odd (so the current weights sit at the centre) and between 3 and \(maxSteps), got \(steps)")
        }
        guard range > 0, range.isFinite else { throw ModelError("landscape: range must be a positive number") }
        var rng = RandomGenerator(seed: seed)
        let d1 = directions(model, &rng), d2 = directions(model, &rng)
        guard d1.contains(where: { !$0.1.isEmpty }) else {
            throw ModelError("landscape: model \(model.name) has no weights with two or more axes to move along")
        }
        let saved = model.snapshot()
        defer { model.restore(saved) }
        let base = d1.map { $0.0.storage }
        let evaluator = Evaluator(model: model, loss: loss)
        // Exactly symmetric about 0, with 0 itself at the centre.
        let grid = (0..<steps).map { range * Double(2 * $0 - (steps - 1)) / Double(steps - 1) }
        var values = [Double](repeating: .nan, count: steps * steps)
        for i in 0..<steps {
            let beta = Float(grid[steps - 1 - i])
            for j in 0..<steps {
                if shouldStop() { throw ModelError("landscape: interrupted; the weights are as they were") }
                let alpha = Float(grid[j])
                for (k, (p, a)) in d1.enumerated() where !a.isEmpty {
                    let b = d2[k].1, w0 = base[k]
                    p.storage = (0..<w0.count).map { w0[$0] + alpha * a[$0] + beta * b[$0] }
                }
                values[i * steps + j] = try evaluator.measure(x: x, y: y).loss
            }
        }
        return Landscape(loss: values, alphas: grid, betas: grid.reversed())
    }

    /// A random direction per param, filter-normalised; empty for a param
    /// that stays fixed. Dense weights are [in, out]: a unit's filter is a
    /// column. Other weights (conv's [out, in, kh, kw]) have a filter per
    /// slice of the first axis.
    static func directions(_ model: Model, _ rng: inout RandomGenerator) -> [(Tensor, [Float])] {
        var out: [(Tensor, [Float])] = []
        var seen = Set<ObjectIdentifier>()
        for layer in LayerTree.leaves(of: model) {
            for (_, p) in layer.namedParams where seen.insert(ObjectIdentifier(p)).inserted {
                guard p.rank >= 2, p.count > 0 else { out.append((p, [])); continue }
                var d = (0..<p.count).map { _ in rng.normal() }
                let columns = layer is Dense
                let filters = columns ? p.shape[p.rank - 1] : p.shape[0]
                let size = p.count / filters
                // Element e of filter f: a column of [in, out], or a slice of the first axis.
                func index(_ f: Int, _ e: Int) -> Int { columns ? e * filters + f : f * size + e }
                for f in 0..<filters {
                    var dn: Float = 0, wn: Float = 0
                    for e in 0..<size {
                        dn += d[index(f, e)] * d[index(f, e)]
                        wn += p.storage[index(f, e)] * p.storage[index(f, e)]
                    }
                    let scale = dn > 0 ? wn.squareRoot() / dn.squareRoot() : 0
                    for e in 0..<size { d[index(f, e)] *= scale }
                }
                out.append((p, d))
            }
        }
        return out
    }
}
