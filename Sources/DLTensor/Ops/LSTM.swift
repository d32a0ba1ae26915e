import DLKernel

extension Tensor {
    /// A whole LSTM layer as one op, as PyTorch's: x [batch, time, features],
    /// w_ih [features, 4h], w_hh [h, 4h] and bias [4h], gates i, f, g, o in
    /// that order; from h = c = 0, c' = σ(f)⊙c + σ(i)⊙tanh(g) and
    /// h' = σ(o)⊙tanh(c'). Returns every step's h', [batch, time, h].
    ///
    /// One op, not one per step: at these sizes the per-step ops' bookkeeping
    /// and small products cost more than the arithmetic. Recorded once, the
    /// input product runs over all steps at once, and so do the three weight
    /// gradients on the way back; only h·W_hh and its gradient stay per step.
    public func lstm(wIH: Tensor, wHH: Tensor, bias: Tensor) throws -> Tensor {
        guard rank == 3, wIH.rank == 2, wHH.rank == 2, bias.rank == 1 else {
            throw TensorError("lstm: needs x [batch, time, features], w_ih [features, 4h], w_hh [h, 4h] and bias [4h], got \(Shape.describe(shape)), \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)) and \(Shape.describe(bias.shape))")
        }
        let batch = shape[0], time = shape[1], features = shape[2], n = wHH.shape[0]
        guard wIH.shape == [features, 4 * n], wHH.shape == [n, 4 * n], bias.shape == [4 * n] else {
            throw TensorError("lstm: for x \(Shape.describe(shape)) and \(n) units the weights must be [\(features), \(4 * n)], [\(n), \(4 * n)] and [\(4 * n)], got \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)) and \(Shape.describe(bias.shape))")
        }
        try Shape.requireSize([batch, time, 4 * n], "lstm")
        let rows = batch * time, g4 = 4 * n
        // An empty batch (or sequence) has nothing to compute, and its buffers no addresses.
        guard rows > 0 else { return Tensor(shape: [batch, time, n], storage: []) }
        // Fed by an embedding lookup, x has a row per token but only one per
        // id in the vocabulary: the input product (and its weight gradient)
        // is worked out once per id, the same numbers as once per row.
        let lookup = repeatedLookupRows
        // Kept for the backward pass: each step's gates after their
        // activations, its cell c' and tanh(c'). Row (b, t) of each is at
        // (b·time + t) times its width, as x's rows are.
        // Every element of these is written below, so none is zero-filled first.
        var gates = Tensor.unfilled(rows * g4), cells = Tensor.unfilled(rows * n)
        var tanhC = Tensor.unfilled(rows * n), out = Tensor.unfilled(rows * n)
        storage.withUnsafeBufferPointer { x in wIH.storage.withUnsafeBufferPointer { wi in
        wHH.storage.withUnsafeBufferPointer { wh in bias.storage.withUnsafeBufferPointer { bs in
        gates.withUnsafeMutableBufferPointer { z in cells.withUnsafeMutableBufferPointer { cs in
        tanhC.withUnsafeMutableBufferPointer { tc in out.withUnsafeMutableBufferPointer { h in
            let z = z.baseAddress!, h = h.baseAddress!
            let recurrent = PackedB(k: n, n: g4, b: wh.baseAddress!, rowStride: g4, colStride: 1)
            // With a lookup the parts are one per id, and the steps add each row's as the cell reads it.
            Recurrent.withInputPart(x.baseAddress, weight: wi.baseAddress, bias: bs.baseAddress!, lookup: lookup, rows: rows,
                                    features: features, width: g4, rowsBuffer: z) { inputs, group in
                lstmForwardSteps(batch: batch, time: time, n: n, gates: z, cells: cs.baseAddress!, tanhCells: tc.baseAddress!,
                                 hidden: h, recurrent: recurrent, inputs: group == nil ? nil : inputs, group: group,
                                 threads: Engine.threads)
            }
        } } } } } } } }
        let kept = gates, cell = cells, tanhCell = tanhC, hidden = out
        return Tensor.result([batch, time, n], out, op: .lstm, parents: [self, wIH, wHH, bias]) { up, inputs in
            let x = inputs[0], wIH = inputs[1], wHH = inputs[2], bias = inputs[3]
            var dz = Tensor.unfilled(rows * g4)
            var dhNext = [Float](repeating: 0, count: batch * n), dcNext = dhNext
            up.withUnsafeBufferPointer { up in kept.withUnsafeBufferPointer { gates in
            cell.withUnsafeBufferPointer { cs in tanhCell.withUnsafeBufferPointer { tc in
            wHH.storage.withUnsafeBufferPointer { wh in dz.withUnsafeMutableBufferPointer { dz in
            dhNext.withUnsafeMutableBufferPointer { dh in dcNext.withUnsafeMutableBufferPointer { dc in
                let dz = dz.baseAddress!
                let recurrentT = PackedB(k: g4, n: n, b: wh.baseAddress!, rowStride: 1, colStride: g4)
                lstmBackwardSteps(batch: batch, time: time, n: n, gates: gates.baseAddress!, cells: cs.baseAddress!,
                                  tanhCells: tc.baseAddress!, up: up.baseAddress!, dz: dz, dh: dh.baseAddress!, dc: dc.baseAddress!,
                                  recurrentT: recurrentT, threads: Engine.threads)
            } } } } } } } }
            let g = dz.withUnsafeBufferPointer {
                Recurrent.gradients(x: x, wIH: wIH, inputBias: bias, wHH: wHH, lookup: lookup, hidden: hidden, batch: batch,
                                    time: time, width: g4, inputPart: $0.baseAddress!, hiddenPart: $0.baseAddress!)
            }
            return [g.x, g.wIH, g.wHH, g.inputBias]
        }
    }
}

extension Op {
    public static let lstm = Op(
        name: "lstm",
        formula: "z_t = x_t·W_ih + h_{t−1}·W_hh + b;  c_t = σ(f)·c_{t−1} + σ(i)·tanh(g),  h_t = σ(o)·tanh(c_t);  backward from the last step: ∂L/∂c_{t−1} = ∂L/∂c_t·σ(f), ∂L/∂h_{t−1} = ∂L/∂z_t·W_hhᵀ, and ∂L/∂W_hh = Σ_t h_{t−1}ᵀ·∂L/∂z_t",
        numbers: { s in
            let x = s.inputs[0], wIH = s.inputs[1], bias = s.inputs[3]
            guard x.rank == 3, let n = s.inputs[2].shape.first, n > 0, wIH.rank == 2, bias.count == 4 * n else { return [] }
            let time = x.shape[1]
            // Sample 0, step 0, unit 0, where h = c = 0 so only the input product counts.
            func z(_ gate: Int) -> Float { Recurrent.firstInput(x, wIH, bias, gate: gate, n: n, gates: 4) }
            let i = laneSigmoid(z(0)), f = laneSigmoid(z(1)), g = laneTanh(z(2)), o = laneSigmoid(z(3))
            let c = i * g
            var lines = ["sample 0, step 0, unit 0: i = σ(\(OpText.n(z(0)))) = \(OpText.n(i)), f = \(OpText.n(f)), g = tanh(\(OpText.n(z(2)))) = \(OpText.n(g)), o = \(OpText.n(o))",
                         "c = \(OpText.n(f)) × 0 + \(OpText.n(i)) × \(OpText.o(g)) = \(OpText.n(c)),  h = \(OpText.n(o)) × tanh(\(OpText.n(c))) = \(OpText.n(o * laneTanh(c)))"]
            lines.append("backward through time: \(time) step\(time == 1 ? "" : "s") in reverse; each step's ∂L/∂c passes back multiplied by its forget gate f")
            if let dwh = s.contributions[2], !dwh.isEmpty {
                lines.append("∂L/∂W_hh[0, 0] = Σ over steps and samples of h_{t−1}[0] · ∂L/∂z_t[0] = \(OpText.n(dwh[0]))")
            }
            return lines
        })
}
