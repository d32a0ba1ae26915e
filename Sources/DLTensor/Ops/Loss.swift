import TextFormat
import DLKernel

// Losses fused into single ops because the composed forms overflow: log(softmax)
// and log(sigmoid) of large logits are -inf, their fused forms are not.

extension Tensor {
    /// Mean cross-entropy of logits [n, k] against integer labels [n]:
    /// L = mean_i (logsumexp(z_i) − z_i[y_i]).
    /// Logits [batch, time, classes] with labels [batch, time] (a sequence
    /// model's output) are averaged over every position.
    public func crossEntropy(labels: Tensor) throws -> Tensor {
        if rank == 3 {
            let b = shape[0], t = shape[1]
            guard labels.shape == [b, t] else {
                throw TensorError("crossentropy: logits \(Shape.describe(shape)) need labels of shape \(Shape.describe([b, t])), got \(Shape.describe(labels.shape))",
                                  help: "one class number per position: labels [batch, time]")
            }
            return try reshaped([b * t, shape[2]]).crossEntropy(labels: try labels.reshaped([b * t]))
        }
        guard rank == 2 else {
            throw TensorError("crossentropy needs logits of shape [batch, classes] or [batch, time, classes], got \(Shape.describe(shape))")
        }
        let n = shape[0], k = shape[1]
        guard labels.count == n else {
            throw TensorError("crossentropy: \(n) rows of logits but \(labels.count) labels (shape \(Shape.describe(labels.shape)))",
                              help: "labels are class numbers of shape [batch]")
        }
        guard n > 0 else { throw TensorError("crossentropy of an empty batch") }
        var targets = [Int](repeating: 0, count: n)
        for (i, v) in labels.storage.enumerated() {
            guard let label = Int(exactly: v), label >= 0, label < k else {
                throw TensorError("crossentropy: label \(NumberFormat.shortest(v)) in row \(i) is not a class in 0..<\(k)",
                                  help: "the model's last layer needs one output per class")
            }
            targets[i] = label
        }
        // Softmax rows are kept for the backward pass.
        var probs = storage
        var logSums = [Float](repeating: 0, count: n)
        probs.withUnsafeMutableBufferPointer { p in logSums.withUnsafeMutableBufferPointer { l in
            softmaxRows(rows: n, n: k, p.baseAddress!, logNormalizers: l.baseAddress!)
        } }
        var total: Double = 0
        storage.withUnsafeBufferPointer { z in
            for i in 0..<n { total += Double(logSums[i] - z[i * k + targets[i]]) }
        }
        let loss = Float(total / Double(n))
        return Tensor.result([], [loss], op: .crossEntropy, parents: [self, labels]) { g, _ in
            let scale = g[0] / Float(n)
            var gz = probs
            for i in 0..<n {
                for j in 0..<k { gz[i * k + j] *= scale }
                gz[i * k + targets[i]] -= scale
            }
            return [gz, nil]
        }
    }

    /// Mean binary cross-entropy of logits against 0/1 targets of the same size:
    /// max(z, 0) − z·t + log(1 + e^(−|z|)).
    public func binaryCrossEntropy(targets: Tensor) throws -> Tensor {
        guard targets.count == count else {
            throw TensorError("bce: \(count) outputs (shape \(Shape.describe(shape))) but \(targets.count) targets (shape \(Shape.describe(targets.shape)))")
        }
        guard count > 0 else { throw TensorError("bce of an empty batch") }
        let z = storage, t = targets.storage
        var total: Double = 0
        for i in 0..<count {
            total += Double(Swift.max(z[i], 0) - z[i] * t[i] + flog(1 + fexp(-Swift.abs(z[i]))))
        }
        let n = Float(count)
        return Tensor.result([], [Float(total / Double(count))], op: .binaryCrossEntropy, parents: [self, targets]) { g, _ in
            let scale = g[0] / n
            return [(0..<z.count).map { i in
                let s = z[i] >= 0 ? 1 / (1 + fexp(-z[i])) : fexp(z[i]) / (1 + fexp(z[i]))
                return (s - t[i]) * scale
            }, nil]
        }
    }

    public func leakyRelu(slope: Float) -> Tensor {
        unary(.leakyRelu, { $0 > 0 ? $0 : slope * $0 }, derivative: { x, _ in x > 0 ? 1 : slope })
    }
}

/// The ops of this file, each with its derivative for a learner and its numbers for the stepper.
extension Op {
    public static let leakyRelu = Op(name: "leaky_relu", formula: "d leaky_relu(x)/dx = 1 if x > 0, else the slope α",
                                  numbers: { s in
        let d = s.g0 != 0 ? (s.contributions[0]?[0] ?? 0) / s.g0 : 0
        return OpText.elementwise(s, "x = \(OpText.n(s.x[0])) is \(s.x[0] > 0 ? "> 0, so 1" : "≤ 0, so the slope")", d)
    })
    public static let crossEntropy = Op(name: "crossentropy", formula: "∂L/∂zᵢⱼ = (softmax(zᵢ)ⱼ − [j = yᵢ]) / n  for L = mean −log softmax(zᵢ)[yᵢ]",
                                  numbers: { s in
        let logits = s.inputs[0]
        let k = logits.shape.last ?? 1, rows = logits.count / Swift.max(k, 1)
        let row = Array(s.x.prefix(k)), m = row.max() ?? 0
        let e = row.map { fexp($0 - m) }, total = e.reduce(0, +)
        let label = Int(s.inputs[1].storage[0])
        let p0 = e[0] / total
        return ["row 0: softmax(z₀) = \(OpText.values(e.map { $0 / total })), label \(label)",
                "∂L/∂z₀₀ = (\(OpText.o(p0)) − \(label == 0 ? 1 : 0)) / \(rows) × \(OpText.o(s.g0)) = \(OpText.n((p0 - (label == 0 ? 1 : 0)) / Float(rows) * s.g0))"]
    })
    public static let binaryCrossEntropy = Op(name: "bce", formula: "∂L/∂zᵢ = (σ(zᵢ) − tᵢ) / n  for L = mean of −t·log σ(z) − (1−t)·log(1−σ(z))",
                                  numbers: { s in
        let x = s.x, count = s.inputs[0].count, t0 = s.inputs[1].storage[0]
        let s0 = x[0] >= 0 ? 1 / (1 + fexp(-x[0])) : fexp(x[0]) / (1 + fexp(x[0]))
        return ["element 0: σ(z₀) = σ(\(OpText.n(x[0]))) = \(OpText.n(s0)), target \(OpText.n(t0))",
                "∂L/∂z₀ = (\(OpText.o(s0)) − \(OpText.o(t0))) / \(count) × \(OpText.o(s.g0)) = \(OpText.n((s0 - t0) / Float(count) * s.g0))"]
    })
}
