import DLNN

/// The layer calls of a `model` block. Each has a signature (for argument
/// checking and help) and turns its arguments into a layer spec.
enum LayerCatalog {
    struct Entry {
        let builtin: Builtin
        let make: (Arguments) throws -> LayerSpec
    }

    /// The names a model line may call besides earlier models.
    static let names: Set<String> = Set(all().keys)

    static func all() -> [String: Entry] {
        var table: [String: Entry] = [:]
        for e in [input] + layers { table[e.builtin.name] = e }
        return table
    }

    private static var input: Entry { entry("input(*shape)", "The shape of one sample; the first line of every model.",
                             example: "model m { input(1, 28, 28); flatten(); dense(10) }") { _ in LayerSpec("input") } }

    private static var layers: [Entry] {
        [
            entry("dense(units, init: \"glorot_uniform\", l1: 0, l2: 0)",
                  "A fully connected layer: y = x @ weight + bias, weight [in, units]. init: glorot_uniform (default), glorot_normal, he_uniform, he_normal.",
                  example: "model m { input(4); dense(8, init: \"he_normal\", l2: 1e-4) }") { a in
                var numbers = ["units": Double(try a.int(0, "units"))]
                for key in ["l1", "l2"] { numbers[key] = try a.number(key, default: 0) }
                return LayerSpec("dense", numbers: numbers, strings: try initializer(a))
            },
            entry("conv2d(filters, kernel: 3, stride: 1, padding: 0, init: \"glorot_uniform\")",
                  "A 2-D convolution (cross-correlation, as PyTorch's Conv2d): weight [filters, in, kernel, kernel], bias [filters].",
                  example: "model m { input(1, 8, 8); conv2d(4, kernel: 3); relu(); flatten(); dense(10) }") { a in
                var numbers = ["filters": Double(try a.int(0, "filters"))]
                for (key, d) in [("kernel", 3), ("stride", 1), ("padding", 0)] { numbers[key] = Double(try a.int(key, default: d)) }
                return LayerSpec("conv2d", numbers: numbers, strings: try initializer(a))
            },
            entry("flatten()", "Flattens each sample to one axis: [batch, c, h, w] → [batch, c·h·w].",
                  example: "model m { input(1, 8, 8); flatten(); dense(10) }") { _ in LayerSpec("flatten") },
            entry("dropout([p])", "While training, zeroes each value with probability p (default 0.5) and scales the rest by 1/(1−p).",
                  example: "model m { input(4); dense(8); dropout(0.2); dense(3) }") { a in
                LayerSpec("dropout", numbers: ["p": a.count > 0 ? try a.number(0, "p") : 0.5])
            },
            entry("batchnorm(momentum: 0.1)", "Normalises each feature over the batch, then scales (gamma) and shifts (beta); running statistics at evaluation.",
                  example: "model m { input(4); dense(8); batchnorm(); relu(); dense(3) }") { a in
                LayerSpec("batchnorm", numbers: ["momentum": try a.number("momentum", default: 0.1)])
            },
            entry("layernorm()", "Normalises each sample over its last axis, then gamma and beta.",
                  example: "model m { input(4); dense(8); layernorm(); dense(3) }") { _ in LayerSpec("layernorm") },
            entry("maxpool(size)", "The largest value of each size×size window, stride size, per channel of an image (PyTorch's MaxPool2d).",
                  example: "model m { input(1, 8, 8); conv2d(4); relu(); maxpool(2); flatten(); dense(10) }") { a in
                LayerSpec("maxpool", numbers: ["size": Double(try a.int(0, "size"))])
            },
            entry("avgpool(size)", "The mean of each size×size window, stride size, per channel of an image (PyTorch's AvgPool2d).",
                  example: "model m { input(1, 8, 8); conv2d(4); relu(); avgpool(2); flatten(); dense(10) }") { a in
                LayerSpec("avgpool", numbers: ["size": Double(try a.int(0, "size"))])
            },
            entry("embedding(vocab, dim)", "Turns each integer id (0..<vocab) into a learned vector: weight [vocab, dim], row id.",
                  example: "model m { input(64); embedding(65, 32); lstm(128); dense(65) }") { a in
                LayerSpec("embedding", numbers: ["vocab": Double(try a.int(0, "vocab")), "dim": Double(try a.int(1, "dim"))])
            },
            entry("positional(length)", "Adds a learned vector per position (weight [length, d]) to sequences of up to length steps.",
                  example: "model m { input(64); embedding(65, 32); positional(64); attention(heads: 4); dense(65) }") { a in
                LayerSpec("positional", numbers: ["length": Double(try a.int(0, "length"))])
            },
            entry("sinusoidal()", "Adds fixed sine/cosine positions (\"Attention is all you need\"); no params.",
                  example: "model m { input(64); embedding(65, 32); sinusoidal(); attention(heads: 4); dense(65) }") { _ in
                LayerSpec("sinusoidal")
            },
            entry("rnn(hidden)", "A simple recurrent layer on [batch, time, features]: h = tanh(x@w_ih + h@w_hh + bias) at every step, from h = 0; returns every step's h.",
                  example: "model m { input(32, 8); rnn(64); last(); dense(2) }") { a in
                LayerSpec("rnn", numbers: ["hidden": Double(try a.int(0, "hidden"))])
            },
            entry("lstm(hidden)", "A long short-term memory layer on [batch, time, features] (gates i, f, g, o as PyTorch); returns every step's h.",
                  example: "model m { input(64); embedding(65, 32); lstm(128); dense(65) }") { a in
                LayerSpec("lstm", numbers: ["hidden": Double(try a.int(0, "hidden"))])
            },
            entry("gru(hidden)", "A gated recurrent unit layer on [batch, time, features] (gates r, z, n as PyTorch); returns every step's h.",
                  example: "model m { input(64); embedding(65, 32); gru(128); dense(65) }") { a in
                LayerSpec("gru", numbers: ["hidden": Double(try a.int(0, "hidden"))])
            },
            entry("last()", "Keeps the final step of a sequence: [batch, time, h] → [batch, h].",
                  example: "model m { input(32, 8); lstm(64); last(); dense(2) }") { _ in LayerSpec("last") },
            entry("attention(heads: 4, causal: true)", "Multi-head self-attention on [batch, time, d]: wq wk wv wo [d, d], bq bk bv bo [d]; causal hides later steps.",
                  example: "model m { input(64); embedding(65, 64); positional(64); attention(heads: 4, causal: true); dense(65) }") { a in
                LayerSpec("attention", numbers: ["heads": Double(try a.int("heads", default: 4)),
                                                 "causal": try a.bool("causal", default: true) ? 1 : 0])
            },
            entry("relu()", "max(x, 0) as a layer.", example: "model m { input(2); dense(8); relu(); dense(1) }") { _ in LayerSpec("relu") },
            entry("tanh()", "tanh as a layer.", example: "model m { input(2); dense(8); tanh(); dense(1) }") { _ in LayerSpec("tanh") },
            entry("sigmoid()", "The logistic function as a layer; with loss \"bce\" the loss uses the values before it (stable).",
                  example: "model m { input(2); dense(1); sigmoid() }") { _ in LayerSpec("sigmoid") },
            entry("softmax()", "Softmax over the last axis as a layer; with loss \"crossentropy\" the loss uses the values before it.",
                  example: "model m { input(4); dense(3); softmax() }") { _ in LayerSpec("softmax") },
            entry("gelu()", "GELU as a layer.", example: "model m { input(2); dense(8); gelu(); dense(1) }") { _ in LayerSpec("gelu") },
            entry("leaky_relu([slope])", "x for x > 0, slope·x otherwise (default slope 0.01).",
                  example: "model m { input(2); dense(8); leaky_relu(0.1); dense(1) }") { a in
                LayerSpec("leaky_relu", numbers: ["slope": a.count > 0 ? try a.number(0, "slope") : 0.01])
            },
        ]
    }

    /// The `init:` keyword of a weighted layer, checked now so a typo points at its line.
    private static func initializer(_ a: Arguments) throws -> [String: String] {
        guard let (v, loc) = a.keyword("init") else { return [:] }
        guard case .string(let s) = v else { throw RuntimeError("\(a.builtin.name): init must be a name in quotes", at: loc) }
        _ = try Initializer.named(s)
        return ["init": s]
    }

    private static func entry(_ signature: String, _ summary: String, example: String,
                              make: @escaping (Arguments) throws -> LayerSpec) -> Entry {
        Entry(builtin: Builtin(signature, summary, example: example) { _ in .none }, make: make)
    }
}
