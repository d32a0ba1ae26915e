import DLKernel

extension Tensor {
    /// A whole GRU layer as one op, as PyTorch's: x [batch, time, features],
    /// w_ih [features, 3h], w_hh [h, 3h], b_ih and b_hh [3h], gates r, z, n in
    /// that order; from h = 0, r = σ(x W_ir + b_ir + h W_hr + b_hr),
    /// z = σ(x W_iz + b_iz + h W_hz + b_hz), n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)),
    /// h' = (1 − z) ⊙ n + z ⊙ h. Returns every step's h', [batch, time, h].
    ///
    /// One op for the reasons `lstm` is: the input product and the weight
    /// gradients run over every step at once, and only h·W_hh and its
    /// gradient are per step. Fed by an embedding lookup, the input product
    /// and W_ih's gradient are worked out once per id, as the LSTM's.
    public func gru(wIH: Tensor, wHH: Tensor, bIH: Tensor, bHH: Tensor) throws -> Tensor {
        guard rank == 3, wIH.rank == 2, wHH.rank == 2, bIH.rank == 1, bHH.rank == 1 else {
            throw TensorError("gru: needs x [batch, time, features], w_ih [features, 3h], w_hh [h, 3h], b_ih [3h] and b_hh [3h], got \(Shape.describe(shape)), \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)), \(Shape.describe(bIH.shape)) and \(Shape.describe(bHH.shape))")
        }
        let batch = shape[0], time = shape[1], features = shape[2], n = wHH.shape[0]
        guard wIH.shape == [features, 3 * n], wHH.shape == [n, 3 * n], bIH.shape == [3 * n], bHH.shape == [3 * n] else {
            throw TensorError("gru: for x \(Shape.describe(shape)) and \(n) units the weights must be [\(features), \(3 * n)], [\(n), \(3 * n)], [\(3 * n)] and [\(3 * n)], got \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)), \(Shape.describe(bIH.shape)) and \(Shape.describe(bHH.shape))")
        }
        try Shape.requireSize([batch, time, 3 * n], "gru")
        let rows = batch * time, g3 = 3 * n
        guard rows > 0 else { return Tensor(shape: [batch, time, n], storage: []) }
        let lookup = repeatedLookupRows
        // Kept for the backward pass: each step's r, z, n and h·W_hn + b_hn, rows as x's.
        var gates = Tensor.unfilled(rows * g3), hn = Tensor.unfilled(rows * n), out = Tensor.unfilled(rows * n)
        storage.withUnsafeBufferPointer { x in wIH.storage.withUnsafeBufferPointer { wi in
        wHH.storage.withUnsafeBufferPointer { wh in bIH.storage.withUnsafeBufferPointer { bi in
        bHH.storage.withUnsafeBufferPointer { bh in gates.withUnsafeMutableBufferPointer { gp in
        hn.withUnsafeMutableBufferPointer { hnp in out.withUnsafeMutableBufferPointer { h in
            let recurrent = PackedB(k: n, n: g3, b: wh.baseAddress!, rowStride: g3, colStride: 1)
            // Without a lookup the gates' rows hold x's part until the cell replaces it.
            Recurrent.withInputPart(x.baseAddress, weight: wi.baseAddress, bias: bi.baseAddress!, lookup: lookup, rows: rows,
                                    features: features, width: g3, rowsBuffer: gp.baseAddress!) { inputs, group in
                gruForwardSteps(batch: batch, time: time, n: n, inputs: inputs, group: group,
                                gates: gp.baseAddress!, hn: hnp.baseAddress!, hidden: h.baseAddress!,
                                recurrent: recurrent, bias: bh.baseAddress!, threads: Engine.threads)
            }
        } } } } } } } }
        let kept = gates, keptHN = hn, hidden = out
        return Tensor.result([batch, time, n], out, op: .gru, parents: [self, wIH, wHH, bIH, bHH]) { up, inputs in
            let x = inputs[0], wIH = inputs[1], wHH = inputs[2], bIH = inputs[3], bHH = inputs[4]
            var dgx = Tensor.unfilled(rows * g3), dgh = Tensor.unfilled(rows * g3)
            var dhNext = [Float](repeating: 0, count: batch * n)
            up.withUnsafeBufferPointer { up in kept.withUnsafeBufferPointer { gates in
            keptHN.withUnsafeBufferPointer { hn in hidden.withUnsafeBufferPointer { h in
            wHH.storage.withUnsafeBufferPointer { wh in dgx.withUnsafeMutableBufferPointer { dx in
            dgh.withUnsafeMutableBufferPointer { dh3 in dhNext.withUnsafeMutableBufferPointer { dh in
                let recurrentT = PackedB(k: g3, n: n, b: wh.baseAddress!, rowStride: 1, colStride: g3)
                gruBackwardSteps(batch: batch, time: time, n: n, gates: gates.baseAddress!, hn: hn.baseAddress!,
                                 hidden: h.baseAddress!, up: up.baseAddress!, dx: dx.baseAddress!, dh3: dh3.baseAddress!,
                                 dh: dh.baseAddress!, recurrentT: recurrentT, threads: Engine.threads)
            } } } } } } } }
            let g = dgx.withUnsafeBufferPointer { dx in dgh.withUnsafeBufferPointer { dh in
                Recurrent.gradients(x: x, wIH: wIH, inputBias: bIH, wHH: wHH, lookup: lookup, hidden: hidden, batch: batch,
                                    time: time, width: g3, inputPart: dx.baseAddress!, hiddenPart: dh.baseAddress!)
            } }
            // b_hh is added to h's part, so its gradient is that part's, summed over the rows.
            var dbh: [Float]? = nil
            if bHH.requiresGrad {
                var d = [Float](repeating: 0, count: g3)
                dgh.withUnsafeBufferPointer { dh in d.withUnsafeMutableBufferPointer { d in
                    addColumnSums(rows: rows, cols: g3, dh.baseAddress!, into: d.baseAddress!)
                } }
                dbh = d
            }
            return [g.x, g.wIH, g.wHH, g.inputBias, dbh]
        }
    }
}

extension Op {
    public static let gru = Op(
        name: "gru",
        formula: "r, z = σ(x_t·W_i + b_i + h_{t−1}·W_h + b_h) (their parts);  n = tanh(x_t·W_in + b_in + r·(h_{t−1}·W_hn + b_hn));  h_t = (1 − z)·n + z·h_{t−1};  backward from the last step: ∂L/∂h_{t−1} = z·∂L/∂h_t + ∂L/∂(h·W_h)·W_hᵀ, and ∂L/∂W_hh = Σ_t h_{t−1}ᵀ·∂L/∂(h_{t−1}·W_h)",
        numbers: { s in
            let x = s.inputs[0], wIH = s.inputs[1], bIH = s.inputs[3], bHH = s.inputs[4]
            guard x.rank == 3, let n = s.inputs[2].shape.first, n > 0, wIH.rank == 2,
                  bIH.count == 3 * n, bHH.count == 3 * n else { return [] }
            let time = x.shape[1]
            // Sample 0, step 0, unit 0, where h = 0 so only x's part and the biases count.
            func gx(_ gate: Int) -> Float { Recurrent.firstInput(x, wIH, bIH, gate: gate, n: n, gates: 3) }
            let r = laneSigmoid(gx(0) + bHH.storage[0]), z = laneSigmoid(gx(1) + bHH.storage[n])
            let c = laneTanh(gx(2) + r * bHH.storage[2 * n])
            var lines = ["sample 0, step 0, unit 0: r = σ(\(OpText.n(gx(0) + bHH.storage[0]))) = \(OpText.n(r)), z = σ(\(OpText.n(gx(1) + bHH.storage[n]))) = \(OpText.n(z)), n = tanh(\(OpText.n(gx(2))) + \(OpText.n(r)) × \(OpText.o(bHH.storage[2 * n]))) = \(OpText.n(c))",
                         "h = (1 − \(OpText.n(z))) × \(OpText.o(c)) + \(OpText.n(z)) × 0 = \(OpText.n((1 - z) * c))"]
            lines.append("backward through time: \(time) step\(time == 1 ? "" : "s") in reverse; each step's ∂L/∂h passes straight back multiplied by its update gate z, and through W_hh")
            if let dwh = s.contributions[2], !dwh.isEmpty {
                lines.append("∂L/∂W_hh[0, 0] = Σ over steps and samples of h_{t−1}[0] · ∂L/∂(h·W_h)_t[0] = \(OpText.n(dwh[0]))")
            }
            return lines
        })
}
