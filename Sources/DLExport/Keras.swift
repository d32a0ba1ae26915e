import DLTensor
import DLNN

/// A layer's Keras 3 translation, where it differs from the PyTorch file's
/// (the others are `PythonHelperLayer`s): a Python expression that makes its
/// layer with the weights set, read from the file's table `w`.
protocol KerasLayer: Layer {
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String
}

/// The Python file for Keras 3. It uses keras.ops only, so it runs on any
/// backend; it never picks one (KERAS_BACKEND decides).
struct KerasSource: PythonTarget {
    static let format = Export.Format.keras
    static let unit = "layer"
    static let helperNeeds: [String: [String]] = [:]

    static func translate(_ layer: Layer, _ c: inout Context, path: String, input: [Int]) throws -> String? {
        try (layer as? KerasLayer)?.keras(&c, path: path, input: input)
    }

    static func sequential(_ items: [String]) -> String { Python.call("keras.Sequential([", items, close: "])") }

    typealias Context = PythonContext<KerasSource>

    let text: String

    init(_ model: Model, stop: @escaping () -> Bool = { false }) throws {
        var c = Context(walk: ExportWalk(model, stop: stop))
        let ids = ExportWalk.readsIds(model)
        let input = "keras.Input(shape=\(Python.tuple(model.builtShape))\(ids ? ", dtype=\"int64\"" : ""))"
        let body = Python.call("keras.Sequential([", [input] + (try c.chain(model.layers, path: "", input: model.builtShape, built: model.builtShape)),
                               close: "], name=\(Python.quoted(Python.identifier(model.name))))")
        let shape = "[batch, " + model.builtShape.map(String.init).joined(separator: ", ") + "]"
        let note = ids ? "x holds token ids, integers \(shape)." : "x is float32 \(shape)."
        var out = Python.header(model, framework: "Keras 3", inputNote: note) + "\n"
        out += "# Any backend works: set KERAS_BACKEND (jax, torch or tensorflow) before importing.\n"
        out += "import base64\nimport math\n\nimport keras\nimport numpy as np\nfrom keras import ops\n\n\n"
        out += KerasSource.built + "\n\n\n"
        if !c.helpers.names.isEmpty { out += c.helpers.text + "\n\n\n" }
        out += "def build(w):\n    \"\"\"The layers of \(Python.identifier(model.name)), in dlrepl's order.\"\"\"\n"
        for d in c.definitions { out += Python.indent(d) + "\n" }
        out += Python.indent("return " + body) + "\n\n\n"
        out += """
            def _tensor(shape, data):
                return np.frombuffer(base64.b64decode(data), dtype="<f4").copy().reshape(shape)


            """
        out += c.weights.table
        out += "model = build(w)\n"
        text = out
    }

    static let built = """
        def _built(layer, input_shape, weights):
            # Keras makes a layer's weights when it first sees a shape; then they can be set.
            layer.build((None,) + tuple(input_shape))
            layer.set_weights([np.asarray(v, dtype=np.float32) for v in weights])
            return layer
        """

    /// Names the file defines or imports itself: a shared model's variable must differ.
    static var taken: Set<String> { Set(helperSource.keys).union(["w", "np", "math", "base64", "build", "model", "_tensor", "keras", "ops", "_built", "_zrn"]) }

    static let helperSource: [String: String] = [
        "dense": """
            def dense(weight, bias):
                # Keras keeps the kernel [in, out], as dlrepl does.
                return _built(keras.layers.Dense(weight.shape[1]), (weight.shape[0],), [weight, bias])
            """,
        "conv2d": """
            def conv2d(weight, bias, stride, padding):
                # Keras keeps the kernel [kh, kw, in, out]; dlrepl keeps [out, in, kh, kw].
                # Keras pads only "same" or "valid", so explicit padding is a layer before.
                conv = keras.layers.Conv2D(weight.shape[0], weight.shape[2], strides=stride, data_format="channels_first")
                conv = _built(conv, (weight.shape[1], None, None), [weight.transpose(2, 3, 1, 0), bias])
                if padding == 0:
                    return conv
                return keras.Sequential([keras.layers.ZeroPadding2D(padding, data_format="channels_first"), conv])
            """,
        "embedding": """
            def embedding(weight):
                return _built(keras.layers.Embedding(weight.shape[0], weight.shape[1]), (None,), [weight])
            """,
        "batchnorm": """
            def batchnorm(gamma, beta, running_mean, running_var, momentum, input_shape):
                # dlrepl normalises axis 1; Keras's momentum is the share the old statistics keep.
                layer = keras.layers.BatchNormalization(axis=1, momentum=1 - momentum, epsilon=1e-5)
                return _built(layer, input_shape, [gamma, beta, running_mean, running_var])
            """,
        "layernorm": """
            def layernorm(gamma, beta):
                layer = keras.layers.LayerNormalization(axis=-1, epsilon=1e-5)
                return _built(layer, (gamma.shape[0],), [gamma, beta])
            """,
        "Positional": """
            class Positional(keras.layers.Layer):
                # A learned vector per position [T, d]; a shorter sequence uses the first t.
                def __init__(self, weight, **kwargs):
                    super().__init__(**kwargs)
                    self.table = self.add_weight(shape=weight.shape, initializer="zeros", name="weight")
                    self.table.assign(weight)

                def call(self, x):
                    return x + ops.convert_to_tensor(self.table)[: x.shape[1]]
            """,
        "Sinusoidal": """
            class Sinusoidal(keras.layers.Layer):
                # PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)),
                # in float64 then rounded to float32, as dlrepl computes it.
                def call(self, x):
                    t, d = x.shape[1], x.shape[2]
                    p = np.arange(t, dtype=np.float64)[:, None]
                    j = np.arange(d)
                    angle = p / np.power(10000.0, (j - j % 2) / d)
                    table = np.where(j % 2 == 0, np.sin(angle), np.cos(angle)).astype(np.float32)
                    return x + ops.convert_to_tensor(table)
            """,
        "rnn": """
            def rnn(w_ih, w_hh, bias):
                # Keras's SimpleRNN keeps kernel [in, h], recurrent kernel [h, h] and one bias, as dlrepl.
                layer = keras.layers.SimpleRNN(w_ih.shape[1], return_sequences=True)
                return _built(layer, (None, w_ih.shape[0]), [w_ih, w_hh, bias])
            """,
        "lstm": """
            def lstm(w_ih, w_hh, bias):
                # Keras stacks the gates i, f, c, o: dlrepl's i, f, g, o under other names.
                layer = keras.layers.LSTM(w_ih.shape[1] // 4, return_sequences=True)
                return _built(layer, (None, w_ih.shape[0]), [w_ih, w_hh, bias])
            """,
        "gru": """
            def _zrn(m):
                # dlrepl (as PyTorch) stacks the gates r, z, n; Keras stacks z, r, h.
                h = m.shape[-1] // 3
                return np.concatenate([m[..., h : 2 * h], m[..., :h], m[..., 2 * h :]], axis=-1)


            def gru(w_ih, w_hh, b_ih, b_hh):
                # reset_after=True is PyTorch's GRU: the reset gate scales h @ w_hh + b_hh.
                layer = keras.layers.GRU(w_ih.shape[1] // 3, return_sequences=True, reset_after=True)
                bias = np.stack([_zrn(b_ih), _zrn(b_hh)])
                return _built(layer, (None, w_ih.shape[0]), [_zrn(w_ih), _zrn(w_hh), bias])
            """,
        "Last": """
            class Last(keras.layers.Layer):
                # [batch, time, h] -> [batch, h]: the final step.
                def call(self, x):
                    return x[:, -1]
            """,
        "GELU": """
            class GELU(keras.layers.Layer):
                # Keras's gelu defaults to the tanh approximation; dlrepl's is the exact one (erf).
                def call(self, x):
                    return keras.activations.gelu(x, approximate=False)
            """,
        "Attention": """
            class Attention(keras.layers.Layer):
                # Multi-head self-attention as dlrepl computes it: the heads are slices of d,
                # scores scaled by 1/sqrt(d / heads), later steps hidden when causal.
                def __init__(self, wq, bq, wk, bk, wv, bv, wo, bo, heads, causal, **kwargs):
                    super().__init__(**kwargs)
                    self.q, self.k, self.v, self.o = dense(wq, bq), dense(wk, bk), dense(wv, bv), dense(wo, bo)
                    self.heads, self.causal = heads, causal

                def call(self, x):
                    single = len(x.shape) == 2  # features only: each sample is one step
                    if single:
                        x = ops.expand_dims(x, 1)
                    t, d = x.shape[1], x.shape[2]
                    dh = d // self.heads

                    def split(h):
                        return ops.transpose(ops.reshape(h, (-1, t, self.heads, dh)), (0, 2, 1, 3))

                    q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
                    scores = ops.matmul(q, ops.transpose(k, (0, 1, 3, 2))) * (1 / math.sqrt(dh))
                    if self.causal:
                        scores = scores + ops.convert_to_tensor(np.triu(np.full((t, t), -1e9, dtype=np.float32), 1))
                    mixed = ops.matmul(ops.softmax(scores, axis=-1), v)
                    y = self.o(ops.reshape(ops.transpose(mixed, (0, 2, 1, 3)), (-1, t, d)))
                    return ops.squeeze(y, 1) if single else y
            """,
        "Residual": """
            class Residual(keras.layers.Layer):
                # dlrepl's residual { ... }: y = x + layers(x).
                def __init__(self, *layers, **kwargs):
                    super().__init__(**kwargs)
                    self.inner = list(layers)

                def call(self, x):
                    h = x
                    for layer in self.inner:
                        h = layer(h)
                    return x + h
            """,
    ]
}

extension Flatten: KerasLayer {
    // Keras's Flatten reorders channels-first images; a reshape keeps dlrepl's order.
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String { "keras.layers.Reshape((-1,))" }
}

extension Dropout: KerasLayer {
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String {
        "keras.layers.Dropout(\(Python.number(spec.value("p", 0.5))))"
    }
}

extension BatchNorm: KerasLayer {
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String {
        c.helpers.use("batchnorm")
        return "batchnorm(\(c.w(gamma, path, "gamma")), \(c.w(beta, path, "beta")), \(c.w(runningMean, path, "running_mean")), "
            + "\(c.w(runningVar, path, "running_var")), momentum=\(Python.number(spec.value("momentum", 0.1))), input_shape=\(Python.tuple(input)))"
    }
}

extension Pooling: KerasLayer {
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String {
        let k = Int(spec.numbers["size"] ?? 2)
        let kind = spec.kind == "maxpool" ? "MaxPooling2D" : "AveragePooling2D"
        return "keras.layers.\(kind)(\(k), data_format=\"channels_first\")"
    }
}

extension Activation: KerasLayer {
    func keras(_ c: inout KerasSource.Context, path: String, input: [Int]) throws -> String {
        switch spec.kind {
        case "relu": return "keras.layers.ReLU()"
        case "tanh": return "keras.layers.Activation(\"tanh\")"
        case "sigmoid": return "keras.layers.Activation(\"sigmoid\")"
        case "softmax": return "keras.layers.Softmax(axis=-1)"
        case "gelu":
            c.helpers.use("GELU")
            return "GELU()"
        case "leaky_relu": return "keras.layers.LeakyReLU(negative_slope=\(Python.number(spec.value("slope", 0.01))))"
        default: throw Export.unsupported(self, .keras)
        }
    }
}

