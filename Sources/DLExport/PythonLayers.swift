import DLNN

/// Layers whose translation is the same call in the PyTorch and the Keras
/// file: each file defines the helper (`dense`, `lstm`, `Attention`, ...) for
/// its own framework, so only the helper differs, not the call.
protocol PythonHelperLayer: Layer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String
}

extension Dense: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("dense")
        return "dense(\(c.w(weight, path, "weight")), \(c.w(bias, path, "bias")))"
    }
}

extension Conv2D: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("conv2d")
        let (stride, padding) = (Int(spec.numbers["stride"] ?? 1), Int(spec.numbers["padding"] ?? 0))
        return "conv2d(\(c.w(weight, path, "weight")), \(c.w(bias, path, "bias")), stride=\(stride), padding=\(padding))"
    }
}

extension LayerNorm: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("layernorm")
        return "layernorm(\(c.w(gamma, path, "gamma")), \(c.w(beta, path, "beta")))"
    }
}

extension Embedding: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("embedding")
        return "embedding(\(c.w(weight, path, "weight")))"
    }
}

extension Positional: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("Positional")
        return "Positional(\(c.w(weight, path, "weight")))"
    }
}

extension Sinusoidal: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("Sinusoidal")
        return "Sinusoidal()"
    }
}

extension RNN: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("rnn")
        return "rnn(\(c.w(wIH, path, "w_ih")), \(c.w(wHH, path, "w_hh")), \(c.w(bias, path, "bias")))"
    }
}

extension LSTM: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("lstm")
        return "lstm(\(c.w(wIH, path, "w_ih")), \(c.w(wHH, path, "w_hh")), \(c.w(bias, path, "bias")))"
    }
}

extension GRU: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("gru")
        return "gru(\(c.w(wIH, path, "w_ih")), \(c.w(wHH, path, "w_hh")), \(c.w(bIH, path, "b_ih")), \(c.w(bHH, path, "b_hh")))"
    }
}

extension Last: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("Last")
        return "Last()"
    }
}

extension Attention: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("dense"); c.helpers.use("Attention")
        let ws = [("wq", wq), ("bq", bq), ("wk", wk), ("bk", bk), ("wv", wv), ("bv", bv), ("wo", wo), ("bo", bo)]
        let refs = ws.map { c.w($0.1, path, $0.0) }.joined(separator: ", ")
        let (heads, causal) = AttentionSettings.of(self)
        return "Attention(\(refs), heads=\(heads), causal=\(causal ? "True" : "False"))"
    }
}

extension Residual: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        c.helpers.use("Residual")
        return Python.call("Residual(", try c.chain(layers, path: path, input: input, built: outputShape)) + "  # residual"
    }
}

extension Model: PythonHelperLayer {
    func python<Target: PythonTarget>(_ c: inout PythonContext<Target>, path: String, input: [Int]) throws -> String {
        try c.model(self, path: path, input: input)
    }
}
