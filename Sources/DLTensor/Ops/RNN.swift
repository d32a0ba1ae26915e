import DLKernel

extension Tensor {
    /// A whole plain recurrent layer as one op: x [batch, time, features],
    /// w_ih [features, h], w_hh [h, h] and bias [h]; from h = 0,
    /// h' = tanh(x·W_ih + b + h·W_hh). Returns every step's h', [batch, time, h].
    ///
    /// One op for the reasons `lstm` is: the input product and the weight
    /// gradients run over every step at once (the input product once per id
    /// after an embedding lookup), and only h·W_hh and its gradient are per step.
    public func rnn(wIH: Tensor, wHH: Tensor, bias: Tensor) throws -> Tensor {
        guard rank == 3, wIH.rank == 2, wHH.rank == 2, bias.rank == 1 else {
            throw TensorError("rnn: needs x [batch, time, features], w_ih [features, h], w_hh [h, h] and bias [h], got \(Shape.describe(shape)), \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)) and \(Shape.describe(bias.shape))")
        }
        let batch = shape[0], time = shape[1], features = shape[2], n = wHH.shape[0]
        guard wIH.shape == [features, n], wHH.shape == [n, n], bias.shape == [n] else {
            throw TensorError("rnn: for x \(Shape.describe(shape)) and \(n) units the weights must be [\(features), \(n)], [\(n), \(n)] and [\(n)], got \(Shape.describe(wIH.shape)), \(Shape.describe(wHH.shape)) and \(Shape.describe(bias.shape))")
        }
        try Shape.requireSize([batch, time, n], "rnn")
        let rows = batch * time
        guard rows > 0 else { return Tensor(shape: [batch, time, n], storage: []) }
        let lookup = repeatedLookupRows
        // Without a lookup, `out` holds each row's x·W_ih + b until the step replaces it with h'.
        var out = Tensor.unfilled(rows * n)
        storage.withUnsafeBufferPointer { x in wIH.storage.withUnsafeBufferPointer { wi in
        wHH.storage.withUnsafeBufferPointer { wh in bias.storage.withUnsafeBufferPointer { bs in
        out.withUnsafeMutableBufferPointer { h in
            let recurrent = PackedB(k: n, n: n, b: wh.baseAddress!, rowStride: n, colStride: 1)
            Recurrent.withInputPart(x.baseAddress, weight: wi.baseAddress, bias: bs.baseAddress!, lookup: lookup, rows: rows,
                                    features: features, width: n, rowsBuffer: h.baseAddress!) { inputs, group in
                rnnForwardSteps(batch: batch, time: time, n: n, inputs: inputs, group: group,
                                hidden: h.baseAddress!, recurrent: recurrent, threads: Engine.threads)
            }
        } } } } }
        let hidden = out
        return Tensor.result([batch, time, n], out, op: .rnn, parents: [self, wIH, wHH, bias]) { up, inputs in
            let x = inputs[0], wIH = inputs[1], wHH = inputs[2], bias = inputs[3]
            var dz = Tensor.unfilled(rows * n)
            var dhNext = [Float](repeating: 0, count: batch * n)
            up.withUnsafeBufferPointer { up in hidden.withUnsafeBufferPointer { h in
            wHH.storage.withUnsafeBufferPointer { wh in dz.withUnsafeMutableBufferPointer { dz in
            dhNext.withUnsafeMutableBufferPointer { dh in
                let recurrentT = PackedB(k: n, n: n, b: wh.baseAddress!, rowStride: 1, colStride: n)
                rnnBackwardSteps(batch: batch, time: time, n: n, hidden: h.baseAddress!, up: up.baseAddress!,
                                 dz: dz.baseAddress!, dh: dh.baseAddress!, recurrentT: recurrentT, threads: Engine.threads)
            } } } } }
            let g = dz.withUnsafeBufferPointer {
                Recurrent.gradients(x: x, wIH: wIH, inputBias: bias, wHH: wHH, lookup: lookup, hidden: hidden, batch: batch,
                                    time: time, width: n, inputPart: $0.baseAddress!, hiddenPart: $0.baseAddress!)
            }
            return [g.x, g.wIH, g.wHH, g.inputBias]
        }
    }
}

extension Op {
    public static let rnn = Op(
        name: "rnn",
        formula: "h_t = tanh(z_t),  z_t = x_t·W_ih + b + h_{t−1}·W_hh;  backward from the last step: ∂L/∂z_t = (∂L/∂h_t from above + from step t+1)·(1 − h_t²), ∂L/∂h_{t−1} = ∂L/∂z_t·W_hhᵀ, and ∂L/∂W_hh = Σ_t h_{t−1}ᵀ·∂L/∂z_t",
        numbers: { s in
            let x = s.inputs[0], wIH = s.inputs[1], bias = s.inputs[3]
            guard x.rank == 3, let n = s.inputs[2].shape.first, n > 0, wIH.rank == 2, bias.count == n else { return [] }
            let time = x.shape[1]
            // Sample 0, step 0, unit 0, where h = 0 so only x's part counts.
            let z = Recurrent.firstInput(x, wIH, bias, gate: 0, n: n, gates: 1)
            var lines = ["sample 0, step 0, unit 0: h = tanh(\(OpText.n(z))) = \(OpText.n(laneTanh(z)))"]
            lines.append("backward through time: \(time) step\(time == 1 ? "" : "s") in reverse; each step's ∂L/∂h passes back through tanh's slope (1 − h²) and W_hh, so it shrinks or grows by about that much per step")
            if let dwh = s.contributions[2], !dwh.isEmpty {
                lines.append("∂L/∂W_hh[0, 0] = Σ over steps and samples of h_{t−1}[0] · ∂L/∂z_t[0] = \(OpText.n(dwh[0]))")
            }
            return lines
        })
}
