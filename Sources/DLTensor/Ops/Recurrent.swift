import DLKernel

/// What the recurrent ops (`rnn`, `lstm`, `gru`) share: the input part of
/// every step at once, the weight gradients (each layer sums its gates'
/// gradients over every row, b·time + t, at once, with one product per
/// weight, after its own backward steps) and the stepper's numbers.
enum Recurrent {
    /// Every row's input part x·W_ih + b ([rows, width]; b alone without
    /// input features, and the bias is added as the product is stored),
    /// written into `rowsBuffer`; with a lookup, once per id into a buffer of
    /// its own. `body` gets where the parts are and, with a lookup, each row's
    /// id index: row r's part is then row group[r].
    static func withInputPart(_ x: UnsafePointer<Float>?, weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>,
                              lookup: LookupRows?, rows: Int, features: Int, width: Int, rowsBuffer: UnsafeMutablePointer<Float>,
                              _ body: (UnsafePointer<Float>, UnsafePointer<Int>?) -> Void) {
        /// The parts of `count` rows of x at `a` into `target`.
        func parts(_ a: UnsafePointer<Float>?, _ count: Int, into target: UnsafeMutablePointer<Float>) {
            if features > 0 {
                sgemm(m: count, n: width, k: features, a: a!, aRowStride: features, aColStride: 1,
                      b: weight!, bRowStride: width, bColStride: 1, c: target, ldc: width, accumulate: false,
                      bias: bias, threads: Engine.threads)
            } else {
                for r in 0..<count { (target + r * width).update(from: bias, count: width) }
            }
        }
        guard let lookup else {
            parts(x, rows, into: rowsBuffer)
            body(rowsBuffer, nil)
            return
        }
        var perId = Tensor.unfilled(lookup.firsts.count * width)
        let distinct = lookup.firstRows(of: x!, width: features)
        perId.withUnsafeMutableBufferPointer { ip in distinct.withUnsafeBufferPointer { d in
        lookup.group.withUnsafeBufferPointer { group in
            parts(d.baseAddress, lookup.firsts.count, into: ip.baseAddress!)
            body(ip.baseAddress!, group.baseAddress!)
        } } }
    }

    /// What a recurrent op passes back from its gates' gradients (each
    /// [rows, width], nil where not wanted): ∂L/∂x, W_ih's and the input
    /// bias's from x's part `inputPart`, and W_hh's from h's part
    /// `hiddenPart` (the same array for the LSTM and the RNN; the GRU's
    /// differ in the n gate, where r multiplies h's part).
    static func gradients(x: Tensor, wIH: Tensor, inputBias: Tensor, wHH: Tensor, lookup: LookupRows?, hidden: [Float],
                          batch: Int, time: Int, width: Int, inputPart: UnsafePointer<Float>, hiddenPart: UnsafePointer<Float>)
        -> (x: [Float]?, wIH: [Float]?, inputBias: [Float]?, wHH: [Float]?) {
        let rows = batch * time, features = x.shape[2]
        let dx = x.requiresGrad ? inputGradient(inputPart, rows: rows, features: features, width: width, weight: wIH) : nil
        let (dwi, db) = inputWeightGradients(inputPart, x: x, lookup: lookup, rows: rows, features: features, width: width,
                                             weight: wIH.requiresGrad, bias: inputBias.requiresGrad)
        let dwh = wHH.requiresGrad
            ? recurrentWeightGradient(hiddenPart, hidden: hidden, batch: batch, time: time, n: wHH.shape[0], width: width) : nil
        return (dx, dwi, db, dwh)
    }

    /// ∂L/∂x = ∂L/∂z · W_ihᵀ: [rows, features] from ∂L/∂z [rows, width].
    private static func inputGradient(_ dz: UnsafePointer<Float>, rows: Int, features: Int, width: Int, weight: Tensor) -> [Float] {
        var d = Tensor.unfilled(rows * features)
        guard features > 0 else { return d }
        weight.storage.withUnsafeBufferPointer { w in d.withUnsafeMutableBufferPointer { dp in
            sgemm(m: rows, n: features, k: width, a: dz, aRowStride: width, aColStride: 1,
                  b: w.baseAddress!, bRowStride: 1, bColStride: width,
                  c: dp.baseAddress!, ldc: features, accumulate: false, threads: Engine.threads)
        } }
        return d
    }

    /// W_ih's gradient xᵀ·∂L/∂z and the input bias's Σ rows of ∂L/∂z (each
    /// nil when not wanted). With a lookup, rows that looked up the same id
    /// have the same x: xᵀ·∂L/∂z = Σ over ids of x_idᵀ · (their rows of ∂L/∂z
    /// summed), and the bias's gradient is the sum of those sums.
    private static func inputWeightGradients(_ dz: UnsafePointer<Float>, x: Tensor, lookup: LookupRows?, rows: Int,
                                             features: Int, width: Int, weight: Bool, bias: Bool) -> (weight: [Float]?, bias: [Float]?) {
        /// aᵀ·b and Σ rows of b, over `count` rows of x (at a) and of its gradient (at b).
        func gradients(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>, _ count: Int) -> (weight: [Float]?, bias: [Float]?) {
            var dw: [Float]? = nil, db: [Float]? = nil
            if weight {
                var g = Tensor.unfilled(features * width)
                if features > 0 {
                    g.withUnsafeMutableBufferPointer { gp in
                        sgemm(m: features, n: width, k: count, a: a!, aRowStride: 1, aColStride: features,
                              b: b, bRowStride: width, bColStride: 1,
                              c: gp.baseAddress!, ldc: width, accumulate: false, threads: Engine.threads)
                    }
                }
                dw = g
            }
            if bias {
                var g = [Float](repeating: 0, count: width)
                g.withUnsafeMutableBufferPointer { gp in addColumnSums(rows: count, cols: width, b, into: gp.baseAddress!) }
                db = g
            }
            return (dw, db)
        }
        guard weight || bias else { return (nil, nil) }
        guard let lookup else { return x.storage.withUnsafeBufferPointer { gradients($0.baseAddress, dz, rows) } }
        var sums = [Float](repeating: 0, count: lookup.firsts.count * width)
        lookup.group.withUnsafeBufferPointer { group in sums.withUnsafeMutableBufferPointer { s in
            addRowsByGroup(rows: rows, cols: width, dz, group: group.baseAddress!, into: s.baseAddress!, threads: Engine.threads)
        } }
        let distinct = x.storage.withUnsafeBufferPointer { lookup.firstRows(of: $0.baseAddress!, width: features) }
        return distinct.withUnsafeBufferPointer { d in sums.withUnsafeBufferPointer { s in
            gradients(d.baseAddress, s.baseAddress!, lookup.firsts.count)
        } }
    }

    /// W_hh's gradient Σ_t h_{t−1}ᵀ·∂L/∂z_t, as one product over all rows
    /// with h shifted one step (zero before each sequence's first).
    private static func recurrentWeightGradient(_ dz: UnsafePointer<Float>, hidden: [Float], batch: Int, time: Int, n: Int, width: Int) -> [Float] {
        let rows = batch * time
        var previous = [Float](repeating: 0, count: rows * n)
        var d = Tensor.unfilled(n * width)
        hidden.withUnsafeBufferPointer { h in previous.withUnsafeMutableBufferPointer { p in
            for b in 0..<batch where time > 1 {
                (p.baseAddress! + (b * time + 1) * n).update(from: h.baseAddress! + b * time * n, count: (time - 1) * n)
            }
            d.withUnsafeMutableBufferPointer { dp in
                sgemm(m: n, n: width, k: rows, a: p.baseAddress!, aRowStride: 1, aColStride: n,
                      b: dz, bRowStride: width, bColStride: 1,
                      c: dp.baseAddress!, ldc: width, accumulate: false, threads: Engine.threads)
            }
        } }
        return d
    }

    /// Gate `gate`'s input part for sample 0, step 0, unit 0 of an op with
    /// `gates` gates of n units: b[gate·n] + Σ_p x[p]·W_ih[p, gate·n], all the
    /// gate has there, where h = 0 (the stepper's numbers).
    static func firstInput(_ x: Tensor, _ wIH: Tensor, _ bias: Tensor, gate: Int, n: Int, gates: Int) -> Float {
        var s = bias.storage[gate * n]
        for p in 0..<x.shape[2] { s += x.storage[p] * wIH.storage[p * gates * n + gate * n] }
        return s
    }
}
