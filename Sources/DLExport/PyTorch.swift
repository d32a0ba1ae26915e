import DLTensor
import DLNN

/// A layer's PyTorch translation, where it differs from the Keras file's
/// (the others are `PythonHelperLayer`s): a Python expression that makes its
/// module, weights read from the file's table `w`. A layer type with neither
/// cannot be exported (the export test lists every type, so a new type
/// without a translation fails there).
protocol PyTorchLayer: Layer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String
}

/// The Python file for PyTorch: helpers, then `build(w)`, then the weights.
struct PyTorchSource: PythonTarget {
    static let format = Export.Format.pytorch
    static let unit = "module"
    /// The recurrent helpers step through time with `Steps`.
    static let helperNeeds = ["rnn": ["Steps"], "lstm": ["Steps"], "gru": ["Steps"]]

    static func translate(_ layer: Layer, _ c: inout Context, path: String, input: [Int]) throws -> String? {
        try (layer as? PyTorchLayer)?.torch(&c, path: path, input: input)
    }

    static func sequential(_ items: [String]) -> String { Python.call("nn.Sequential(", items) }

    typealias Context = PythonContext<PyTorchSource>

    let text: String

    init(_ model: Model, stop: @escaping () -> Bool = { false }) throws {
        var c = Context(walk: ExportWalk(model, stop: stop))
        let body = Python.call("nn.Sequential(", try c.chain(model.layers, path: "", input: model.builtShape, built: model.builtShape))
        let ids = ExportWalk.readsIds(model)
        let shape = "[batch, " + model.builtShape.map(String.init).joined(separator: ", ") + "]"
        let note = ids ? "x holds token ids, a LongTensor \(shape)." : "x is a float32 tensor \(shape)."
        var out = Python.header(model, framework: "PyTorch", inputNote: note) + "\n"
        out += "import base64\nimport math\n\nimport numpy as np\nimport torch\nfrom torch import nn\n\n\n"
        if !c.helpers.names.isEmpty { out += c.helpers.text + "\n\n\n" }
        out += "def build(w):\n    \"\"\"The layers of \(Python.identifier(model.name)), in dlrepl's order.\"\"\"\n"
        for d in c.definitions { out += Python.indent(d) + "\n" }
        out += Python.indent("return " + body) + "\n\n\n"
        out += """
            def _tensor(shape, data):
                return torch.from_numpy(np.frombuffer(base64.b64decode(data), dtype="<f4").copy().reshape(shape))


            """
        out += c.weights.table
        out += "model = build(w)\nmodel.eval()\n"
        text = out
    }

    /// Names the file defines or imports itself: a shared model's variable must differ.
    static var taken: Set<String> { Set(helperSource.keys).union(["w", "np", "math", "base64", "build", "model", "_tensor", "nn", "torch"]) }

    static let helperSource: [String: String] = [
        "dense": """
            def dense(weight, bias):
                # dlrepl keeps weight [in, out] (y = x @ weight + bias); nn.Linear keeps [out, in].
                layer = nn.Linear(weight.shape[0], weight.shape[1])
                with torch.no_grad():
                    layer.weight.copy_(weight.T)
                    layer.bias.copy_(bias)
                return layer
            """,
        "conv2d": """
            def conv2d(weight, bias, stride, padding):
                # Both keep weight [out, in, kh, kw] and cross-correlate, so it copies as it is.
                layer = nn.Conv2d(weight.shape[1], weight.shape[0], weight.shape[2], stride=stride, padding=padding)
                with torch.no_grad():
                    layer.weight.copy_(weight)
                    layer.bias.copy_(bias)
                return layer
            """,
        "embedding": """
            def embedding(weight):
                layer = nn.Embedding(weight.shape[0], weight.shape[1])
                with torch.no_grad():
                    layer.weight.copy_(weight)
                return layer
            """,
        "batchnorm": """
            def batchnorm(gamma, beta, running_mean, running_var, momentum, rank):
                # dlrepl normalises axis 1, as BatchNorm1d/2d/3d do; rank counts the batch axis.
                kind = {2: nn.BatchNorm1d, 3: nn.BatchNorm1d, 4: nn.BatchNorm2d, 5: nn.BatchNorm3d}[rank]
                layer = kind(gamma.shape[0], eps=1e-5, momentum=momentum)
                with torch.no_grad():
                    layer.weight.copy_(gamma)
                    layer.bias.copy_(beta)
                    layer.running_mean.copy_(running_mean)
                    layer.running_var.copy_(running_var)
                return layer
            """,
        "layernorm": """
            def layernorm(gamma, beta):
                layer = nn.LayerNorm(gamma.shape[0], eps=1e-5)
                with torch.no_grad():
                    layer.weight.copy_(gamma)
                    layer.bias.copy_(beta)
                return layer
            """,
        "Positional": """
            class Positional(nn.Module):
                # A learned vector per position [T, d]; a shorter sequence uses the first t.
                def __init__(self, weight):
                    super().__init__()
                    self.weight = nn.Parameter(weight.clone())

                def forward(self, x):
                    return x + self.weight[: x.shape[1]]
            """,
        "Sinusoidal": """
            class Sinusoidal(nn.Module):
                # PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)),
                # in float64 then rounded to float32, as dlrepl computes it.
                def forward(self, x):
                    t, d = x.shape[1], x.shape[2]
                    p = np.arange(t, dtype=np.float64)[:, None]
                    j = np.arange(d)
                    angle = p / np.power(10000.0, (j - j % 2) / d)
                    table = np.where(j % 2 == 0, np.sin(angle), np.cos(angle)).astype(np.float32)
                    return x + torch.from_numpy(table).to(x.device)
            """,
        "Steps": """
            class Steps(nn.Module):
                # PyTorch's recurrent layers return (every step, final state); dlrepl's return every step.
                def __init__(self, layer):
                    super().__init__()
                    self.layer = layer

                def forward(self, x):
                    return self.layer(x)[0]
            """,
        "rnn": """
            def rnn(w_ih, w_hh, bias):
                # dlrepl keeps [in, h] and [h, h], and one bias: PyTorch's two are only ever added.
                layer = nn.RNN(w_ih.shape[0], w_ih.shape[1], batch_first=True)
                with torch.no_grad():
                    layer.weight_ih_l0.copy_(w_ih.T)
                    layer.weight_hh_l0.copy_(w_hh.T)
                    layer.bias_ih_l0.copy_(bias)
                    layer.bias_hh_l0.zero_()
                return Steps(layer)
            """,
        "lstm": """
            def lstm(w_ih, w_hh, bias):
                # The gates are stacked i, f, g, o in both; dlrepl's columns are PyTorch's rows.
                layer = nn.LSTM(w_ih.shape[0], w_ih.shape[1] // 4, batch_first=True)
                with torch.no_grad():
                    layer.weight_ih_l0.copy_(w_ih.T)
                    layer.weight_hh_l0.copy_(w_hh.T)
                    layer.bias_ih_l0.copy_(bias)
                    layer.bias_hh_l0.zero_()
                return Steps(layer)
            """,
        "gru": """
            def gru(w_ih, w_hh, b_ih, b_hh):
                # The gates are stacked r, z, n in both, with the same two biases.
                layer = nn.GRU(w_ih.shape[0], w_ih.shape[1] // 3, batch_first=True)
                with torch.no_grad():
                    layer.weight_ih_l0.copy_(w_ih.T)
                    layer.weight_hh_l0.copy_(w_hh.T)
                    layer.bias_ih_l0.copy_(b_ih)
                    layer.bias_hh_l0.copy_(b_hh)
                return Steps(layer)
            """,
        "Last": """
            class Last(nn.Module):
                # [batch, time, h] -> [batch, h]: the final step.
                def forward(self, x):
                    return x[:, -1]
            """,
        "Attention": """
            class Attention(nn.Module):
                # Multi-head self-attention as dlrepl computes it: the heads are slices of d,
                # scores scaled by 1/sqrt(d / heads), later steps hidden when causal.
                def __init__(self, wq, bq, wk, bk, wv, bv, wo, bo, heads, causal):
                    super().__init__()
                    self.q, self.k, self.v, self.o = dense(wq, bq), dense(wk, bk), dense(wv, bv), dense(wo, bo)
                    self.heads, self.causal = heads, causal

                def forward(self, x):
                    single = x.dim() == 2  # features only: each sample is one step
                    if single:
                        x = x.unsqueeze(1)
                    b, t, d = x.shape
                    dh = d // self.heads

                    def split(h):
                        return h.reshape(b, t, self.heads, dh).transpose(1, 2)

                    q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
                    scores = (q @ k.transpose(-2, -1)) * (1 / math.sqrt(dh))
                    if self.causal:
                        scores = scores + torch.triu(torch.full((t, t), -1e9, device=x.device), diagonal=1)
                    mixed = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
                    y = self.o(mixed)
                    return y.squeeze(1) if single else y
            """,
        "Residual": """
            class Residual(nn.Module):
                # dlrepl's residual { ... }: y = x + layers(x).
                def __init__(self, *layers):
                    super().__init__()
                    self.layers = nn.Sequential(*layers)

                def forward(self, x):
                    return x + self.layers(x)
            """,
    ]
}

extension Flatten: PyTorchLayer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String { "nn.Flatten()" }
}

extension Dropout: PyTorchLayer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String {
        "nn.Dropout(\(Python.number(spec.value("p", 0.5))))"
    }
}

extension BatchNorm: PyTorchLayer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String {
        guard (1...4).contains(input.count) else { throw ExportError("export: batchnorm on samples of rank \(input.count) has no PyTorch layer") }
        c.helpers.use("batchnorm")
        return "batchnorm(\(c.w(gamma, path, "gamma")), \(c.w(beta, path, "beta")), \(c.w(runningMean, path, "running_mean")), "
            + "\(c.w(runningVar, path, "running_var")), momentum=\(Python.number(spec.value("momentum", 0.1))), rank=\(input.count + 1))"
    }
}

extension Pooling: PyTorchLayer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String {
        let k = Int(spec.numbers["size"] ?? 2)
        return spec.kind == "maxpool" ? "nn.MaxPool2d(\(k))" : "nn.AvgPool2d(\(k))"
    }
}

extension Activation: PyTorchLayer {
    func torch(_ c: inout PyTorchSource.Context, path: String, input: [Int]) throws -> String {
        switch spec.kind {
        case "relu": "nn.ReLU()"
        case "tanh": "nn.Tanh()"
        case "sigmoid": "nn.Sigmoid()"
        case "softmax": "nn.Softmax(dim=-1)"
        // dlrepl's gelu is the exact one (with erf), PyTorch's default.
        case "gelu": "nn.GELU()"
        case "leaky_relu": "nn.LeakyReLU(\(Python.number(spec.value("slope", 0.01))))"
        default: throw Export.unsupported(self, .pytorch)
        }
    }
}

/// Attention's settings, read from its spec (the layer keeps them internal).
enum AttentionSettings {
    static func of(_ a: Attention) -> (heads: Int, causal: Bool) {
        (Int(a.spec.numbers["heads"] ?? 4), (a.spec.numbers["causal"] ?? 1) != 0)
    }
}
