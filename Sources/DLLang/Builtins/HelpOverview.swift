import DLData

/// `help()` with no argument: every builtin, layer and dataset by name, in
/// the groups a learner looks for them under, wrapped to the output width.
/// `help(name)` then gives one entry with its signature and an example.
enum HelpOverview {
    /// Groups in reading order. A builtin a front end registers names its
    /// group (`Builtin.group`): one of these titles, or a title of its own,
    /// listed after them. Any other falls in "more".
    static let groups: [(title: String, names: [String])] = [
        ("basics", ["print", "help", "range", "append"]),
        ("tensors", ["tensor", "zeros", "ones", "full", "randn", "rand", "choice", "arange", "linspace", "eye", "onehot", "seed",
                     "reshape", "transpose", "concat", "stack", "item", "len", "sum", "mean", "max", "min", "argmax",
                     "exp", "log", "sqrt", "abs", "sin", "cos", "relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax",
                     "matmul", "convolve", "all", "any", "round", "floor", "sign"]),
        ("autograd", ["param", "backward", "zero_grad", "detach", "graph"]),
        ("losses", ["mse", "mae", "bce", "bce_logits", "crossentropy"]),
        ("optimizers", ["sgd", "adam", "adamw", "rmsprop", "adagrad", "step", "schedule", "rates", "clip_grad"]),
        ("data", ["dataset", "split", "standardize", "batches", "gridworld", "reset"]),
        ("text", ["text", "encode", "decode", "sequences", "sample"]),
        ("training", ["fit", "evaluate", "predict", "params", "assign", "freeze", "unfreeze", "save", "load", "track", "tracked"]),
        ("inspecting", ["summary", "backprop", "gradcheck", "show", "scatter", "cat", "type", "str", "clock"]),
        ("looking inside a fit", ["neurons", "landscape", "replay"]),
    ]

    static func text(builtins: [String: Builtin], layers: [String], width: Int) -> String {
        var out = "help(name) shows one entry with an example, e.g. help(fit) or help(\"dense\").\n"
        var listed = Set<String>()
        func section(_ title: String, _ names: [String]) {
            guard !names.isEmpty else { return }
            out += title + "\n" + wrapped(names, width: width)
        }
        func joining(_ title: String) -> [String] {
            builtins.values.filter { $0.group == title }.map(\.name).sorted()
        }
        for (title, names) in groups {
            let present = names.filter { builtins[$0] != nil } + joining(title).filter { !names.contains($0) }
            listed.formUnion(present)
            section(title, present)
            if title == "losses" {
                section("layers (one per line of a model block)", layers.sorted())
            }
            if title == "data" {
                section("datasets (dataset(\"name\"))", BuiltinDatasets.real + BuiltinDatasets.images + GraphData.names + Generators.names)
            }
            if title == "text" {
                section("corpora (text(\"name\"))", Corpus.builtins.map(\.name))
            }
        }
        for title in Set(builtins.values.compactMap(\.group)).subtracting(groups.map(\.title)).sorted() {
            listed.formUnion(joining(title))
            section(title, joining(title))
        }
        section("more", builtins.keys.filter { !listed.contains($0) }.sorted())
        return out
    }

    /// Names separated by two spaces, indented, in lines no wider than `width`.
    static func wrapped(_ names: [String], width: Int) -> String {
        let room = Swift.max(20, width - 1)
        var out = "", line = "  "
        for name in names {
            if line.count > 2 && line.count + 2 + name.count > room {
                out += line + "\n"
                line = "  "
            }
            line += (line.count > 2 ? "  " : "") + name
        }
        return out + line + "\n"
    }
}
