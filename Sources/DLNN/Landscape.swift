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
        try check(steps: steps, range: range)
        var rng = RandomGenerator(seed: seed)
        let d1 = directions(model, &rng), d2 = directions(model, &rng)
        guard d1.contains(where: { !$0.1.isEmpty }) else {
            throw ModelError("landscape: model \(model.name) has no weights with two or more axes to move along")
        }
        return try compute(model, loss: loss, x: x, y: y, steps: steps, range: range, d1: d1, d2: d2, shouldStop: shouldStop)
    }

    /// The grid along two given directions (a list of (param, direction)
    /// pairs each; an empty direction leaves its param fixed).
    static func compute(_ model: Model, loss: Loss, x: Tensor, y: Tensor, steps: Int, range: Double,
                        d1: [(Tensor, [Float])], d2: [(Tensor, [Float])], shouldStop: () -> Bool) throws -> Landscape {
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
                for (k, (p, a)) in d1.enumerated() where !a.isEmpty || !d2[k].1.isEmpty {
                    let b = d2[k].1, w0 = base[k]
                    p.storage = (0..<w0.count).map {
                        w0[$0] + (a.isEmpty ? 0 : alpha * a[$0]) + (b.isEmpty ? 0 : beta * b[$0])
                    }
                }
                values[i * steps + j] = try evaluator.measure(x: x, y: y).loss
            }
        }
        return Landscape(loss: values, alphas: grid, betas: grid.reversed())
    }

    static func check(steps: Int, range: Double) throws {
        guard steps >= 3, steps <= maxSteps, steps % 2 == 1 else {
            throw ModelError("landscape: steps must be odd (so the current weights sit at the centre) and between 3 and \(maxSteps), got \(steps)")
        }
        guard range > 0, range.isFinite else { throw ModelError("landscape: range must be a positive number") }
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

/// The two directions a recorded run moved most along: the first two
/// principal directions of W_t − W_now over the weight snapshots fit kept
/// (Li et al.'s way to draw an optimizer's path on its landscape), and
/// where each snapshot sits in them.
public struct Trajectory: Sendable {
    public let alphas: [Double], betas: [Double]
    /// The share of the run's movement each direction explains.
    public let explained: (Double, Double)
    let d1: [[Float]], d2: [[Float]]

    /// `snapshots` are flattened `Model.snapshot()`s; params move, buffers stay.
    public init(_ model: Model, snapshots: [[Float]]) throws {
        let state = model.state
        let size = state.reduce(0) { $0 + $1.count }
        guard snapshots.count >= 2, snapshots.allSatisfy({ $0.count == size }) else {
            throw ModelError("landscape: along: needs a history with at least 2 weight snapshots of this model",
                             help: "the history of fit(net, ...) on this very model, with record: true (the default)")
        }
        let now = state.flatMap { $0.storage }
        var moves = state.flatMap { t in [Bool](repeating: t.isParam, count: t.count) }
        if !moves.contains(true) { moves = [Bool](repeating: true, count: size) }
        let m: [[Double]] = snapshots.map { s in (0..<size).map { moves[$0] ? Double(s[$0]) - Double(now[$0]) : 0 } }
        let n = m.count
        var g = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in i..<n {
            var s = 0.0
            for k in 0..<size { s += m[i][k] * m[j][k] }
            g[i][j] = s; g[j][i] = s
        } }
        let trace = (0..<n).reduce(0.0) { $0 + g[$1][$1] }
        guard trace > 0 else { throw ModelError("landscape: the weights did not move during that run") }
        // The top two eigenvectors of the Gram matrix by power iteration,
        // the second with the first deflated: n ≤ 201, so this is cheap.
        func top(_ g: [[Double]], seed: Int) -> (Double, [Double]) {
            var v = (0..<n).map { Double(($0 * 7919 + seed * 104_729) % 97) + 1 }
            var lambda = 0.0
            for _ in 0..<500 {
                var w = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + g[i][$1] * v[$1] } }
                let norm = w.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { return (0, v) }
                w = w.map { $0 / norm }
                lambda = norm
                v = w
            }
            return (lambda, v)
        }
        let (l1, v1) = top(g, seed: 1)
        var deflated = g
        for i in 0..<n { for j in 0..<n { deflated[i][j] -= l1 * v1[i] * v1[j] } }
        let (l2, v2) = top(deflated, seed: 2)
        func direction(_ v: [Double]) -> [Double] {
            var d = [Double](repeating: 0, count: size)
            for i in 0..<n { for k in 0..<size { d[k] += v[i] * m[i][k] } }
            let norm = d.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? d.map { $0 / norm } : d
        }
        let e1 = direction(v1), e2 = direction(v2)
        alphas = m.map { row in (0..<size).reduce(0.0) { $0 + row[$1] * e1[$1] } }
        betas = m.map { row in (0..<size).reduce(0.0) { $0 + row[$1] * e2[$1] } }
        explained = (l1 / trace, Swift.max(0, l2) / trace)
        var offset = 0
        var p1: [[Float]] = [], p2: [[Float]] = []
        for t in state {
            p1.append(t.isParam ? e1[offset..<(offset + t.count)].map { Float($0) } : [])
            p2.append(t.isParam ? e2[offset..<(offset + t.count)].map { Float($0) } : [])
            offset += t.count
        }
        d1 = p1; d2 = p2
    }

    /// The landscape on the plane of the two directions, centred on the
    /// current weights.
    public func landscape(_ model: Model, loss: Loss, x: Tensor, y: Tensor, steps: Int, range: Double,
                          shouldStop: () -> Bool = { false }) throws -> Landscape {
        try Landscape.check(steps: steps, range: range)
        let state = model.state
        return try Landscape.compute(model, loss: loss, x: x, y: y, steps: steps, range: range,
                                     d1: Array(zip(state, d1)), d2: Array(zip(state, d2)), shouldStop: shouldStop)
    }
}
