import DLTensor
import DLNN

/// A layer's ONNX translation: the nodes that compute it from the value
/// named `x`, returning the name of its output. `input` is the per-sample
/// shape (the batch axis is the graph's dynamic first axis).
protocol ONNXLayer: Layer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String
}

/// An ONNX model of opset 17 (LayerNormalization's first), one input "x"
/// (float32, or int64 ids) and one output "y". Sequences have the length the
/// model was built for: the recurrent layers are unrolled over it.
struct ONNXGraph {
    static let opset = 17
    /// The IR version that opset 17 came with, so older runtimes read it too.
    static let irVersion = 8

    struct Builder {
        private(set) var nodes: [ProtoMessage] = []
        private(set) var initializers: [ProtoMessage] = []
        private var names: [ObjectIdentifier: String] = [:]
        private var taken: Set<String> = []
        private var count = 0
        private var columnCache: [String: String] = [:]
        /// An ONNX graph has no shared subgraphs: a model placed n times
        /// repeats its nodes n times, and recurrent layers unroll per step. A
        /// fuzzed model of 8,192 placed LSTMs wrote a 680 MB file in 12 s.
        static let maxNodes = 100_000
        private(set) var tooLarge = false
        var stop: () -> Bool = { false }

        /// A value name not used yet, readable in a viewer (Netron shows them).
        mutating func fresh(_ hint: String) -> String {
            var name = hint
            while taken.contains(name) { count += 1; name = "\(hint)_\(count)" }
            taken.insert(name)
            return name
        }

        /// A param as an initializer named by its path; a shared model's tensor is stored once.
        mutating func weight(_ t: Tensor, _ path: String, _ name: String) -> String {
            if let n = names[ObjectIdentifier(t)] { return n }
            let n = constant(t.storage, shape: t.shape, name: path + "." + name)
            names[ObjectIdentifier(t)] = n
            return n
        }

        mutating func constant(_ values: [Float], shape: [Int], name: String) -> String {
            let n = fresh(name)
            initializers.append(ONNXProto.tensor(name: n, shape: shape, floats: values))
            return n
        }

        mutating func ints(_ values: [Int], name: String, scalar: Bool = false) -> String {
            let n = fresh(name)
            initializers.append(ONNXProto.tensor(name: n, shape: scalar ? [] : [values.count], ints: values))
            return n
        }

        mutating func node(_ op: String, _ inputs: [String], _ path: String, _ attributes: [ONNXProto.Attribute] = [], output: String? = nil) -> String {
            let out = output ?? fresh(path + "/" + op)
            if nodes.count >= Self.maxNodes { tooLarge = true; return out }
            nodes.append(ONNXProto.node(op, inputs: inputs, outputs: [out], name: fresh("node:" + out), attributes: attributes))
            return out
        }

        mutating func layer(_ layer: Layer, _ x: String, path: String, input: [Int]) throws -> String {
            if stop() { throw Export.interrupted }
            guard let t = layer as? ONNXLayer else { throw Export.unsupported(layer, .onnx) }
            return try t.onnx(&self, x, path: path, input: input)
        }

        mutating func chain(_ layers: [Layer], _ x: String, path: String, input: [Int], built: [Int]) throws -> String {
            var h = x
            for (i, shape) in zip(layers.indices, ExportWalk.inputs(of: layers, from: input, built: built)) {
                h = try layer(layers[i], h, path: ExportWalk.path(path, i), input: shape)
            }
            return h
        }

        /// y = x @ w + b on the last axis (MatMul broadcasts over the leading axes).
        mutating func dense(_ x: String, _ w: String, _ b: String, _ path: String) -> String {
            node("Add", [node("MatMul", [x, w], path), b], path)
        }

        /// Columns lo..<hi of a [rows, n] tensor, as a constant of its own (a gate's weights).
        /// Stored once per tensor and range, as `weight` stores a shared tensor once.
        mutating func columns(_ t: Tensor, _ lo: Int, _ hi: Int, _ name: String) -> String {
            let key = "\(ObjectIdentifier(t).hashValue):\(lo):\(hi)"
            if let n = columnCache[key] { return n }
            let rows = t.rank == 1 ? 1 : t.shape[0], n = t.shape[t.rank - 1]
            var values: [Float] = []
            for r in 0..<rows { values += t.storage[(r * n + lo)..<(r * n + hi)] }
            let made = constant(values, shape: t.rank == 1 ? [hi - lo] : [rows, hi - lo], name: name)
            columnCache[key] = made
            return made
        }
    }

    let modelBytes: [UInt8]

    init(_ model: Model, stop: @escaping () -> Bool = { false }) throws {
        var b = Builder()
        b.stop = stop
        let input = b.fresh("x")
        let ids = ExportWalk.readsIds(model)
        let last = try b.chain(model.layers, input, path: "", input: model.builtShape, built: model.builtShape)
        _ = b.node("Identity", [last], "output", output: b.fresh("y"))
        guard !b.tooLarge else {
            throw ExportError("export: the ONNX graph would have more than \(Builder.maxNodes) nodes (ONNX repeats a shared model's nodes at each place it is used, and unrolls recurrent layers step by step)",
                              help: "export this model to \"pytorch\" or \"keras\", which define a shared model once")
        }
        let batch = ONNXProto.Dimension.named("batch")
        let graph = ONNXProto.graph(
            name: model.name, nodes: b.nodes, initializers: b.initializers,
            inputs: [ONNXProto.valueInfo(name: input, type: ids ? .int64 : .float, shape: [batch] + model.builtShape.map { .size($0) })],
            outputs: [ONNXProto.valueInfo(name: "y", type: .float, shape: [batch] + model.outputShape.map { .size($0) })])
        modelBytes = ONNXProto.model(graph: graph, irVersion: ONNXGraph.irVersion, opset: ONNXGraph.opset,
                                     producer: "dlrepl", version: "1").bytes
    }
}

extension Dense: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.dense(x, g.weight(weight, path, "weight"), g.weight(bias, path, "bias"), path)
    }
}

extension Conv2D: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let k = weight.shape[2], s = Int(spec.numbers["stride"] ?? 1), p = Int(spec.numbers["padding"] ?? 0)
        return g.node("Conv", [x, g.weight(weight, path, "weight"), g.weight(bias, path, "bias")], path,
                      [.ints("kernel_shape", [k, k]), .ints("strides", [s, s]), .ints("pads", [p, p, p, p])])
    }
}

extension Flatten: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.node("Flatten", [x], path, [.int("axis", 1)])
    }
}

extension Dropout: ONNXLayer {
    /// Evaluation mode: dropout passes its input on, so it adds no node.
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String { x }
}

extension BatchNorm: ONNXLayer {
    /// Written out as dlrepl computes it in evaluation, (x − mean) / √(var + ε) · γ + β,
    /// with the statistics shaped to broadcast over the axes after the features.
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let c = gamma.count, shape = [c] + Array(repeating: 1, count: input.count - 1)
        let std = runningVar.storage.map { ($0 + 1e-5).squareRoot() }
        let mean = g.constant(runningMean.storage, shape: shape, name: path + ".running_mean")
        let sd = g.constant(std, shape: shape, name: path + ".running_std")
        let gm = g.constant(gamma.storage, shape: shape, name: path + ".gamma")
        let bt = g.constant(beta.storage, shape: shape, name: path + ".beta")
        let normalized = g.node("Div", [g.node("Sub", [x, mean], path), sd], path)
        return g.node("Add", [g.node("Mul", [normalized, gm], path), bt], path)
    }
}

extension LayerNorm: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.node("LayerNormalization", [x, g.weight(gamma, path, "gamma"), g.weight(beta, path, "beta")], path,
               [.int("axis", -1), .float("epsilon", 1e-5)])
    }
}

extension Pooling: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let k = Int(spec.numbers["size"] ?? 2)
        return g.node(spec.kind == "maxpool" ? "MaxPool" : "AveragePool", [x], path, [.ints("kernel_shape", [k, k]), .ints("strides", [k, k])])
    }
}

extension Embedding: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.node("Gather", [g.weight(weight, path, "weight"), x], path, [.int("axis", 0)])
    }
}

extension Positional: ONNXLayer {
    /// The graph's sequences have the built length, so the table is cut to it here.
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let (t, d) = (input[0], input[1])
        let table = g.constant(Array(weight.storage.prefix(t * d)), shape: [t, d], name: path + ".weight")
        return g.node("Add", [x, table], path)
    }
}

extension Sinusoidal: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let (t, d) = (input[0], input[1])
        return g.node("Add", [x, g.constant(Sinusoidal.values(t, d), shape: [t, d], name: path + ".table")], path)
    }
}

/// The recurrent layers unrolled over the built length: each gate has its
/// own weights (the stacked columns cut apart), every step's h is kept.
enum Unrolled {
    /// x @ w_ih + b for every step at once, [batch, time, h] per gate; then a step is a Gather.
    static func inputTerms(_ g: inout ONNXGraph.Builder, _ x: String, _ wIH: Tensor, _ b: Tensor?, gates: [String], hidden n: Int, path: String) -> [String] {
        gates.enumerated().map { i, gate in
            let w = g.columns(wIH, i * n, (i + 1) * n, "\(path).w_ih.\(gate)")
            let product = g.node("MatMul", [x, w], path + "/" + gate)
            guard let b else { return product }
            return g.node("Add", [product, g.columns(b, i * n, (i + 1) * n, "\(path).bias.\(gate)")], path + "/" + gate)
        }
    }

    static func recurrent(_ g: inout ONNXGraph.Builder, _ wHH: Tensor, gates: [String], hidden n: Int, path: String) -> [String] {
        gates.enumerated().map { i, gate in g.columns(wHH, i * n, (i + 1) * n, "\(path).w_hh.\(gate)") }
    }

    static func step(_ g: inout ONNXGraph.Builder, _ terms: String, _ t: Int, path: String) -> String {
        g.node("Gather", [terms, g.ints([t], name: "\(path).t\(t)", scalar: true)], "\(path)/t\(t)", [.int("axis", 1)])
    }

    /// [batch, h] per step → [batch, time, h].
    static func stacked(_ g: inout ONNXGraph.Builder, _ states: [String], path: String) -> String {
        let axis = g.ints([1], name: path + ".axis1")
        let steps = states.map { g.node("Unsqueeze", [$0, axis], path) }
        return steps.count == 1 ? steps[0] : g.node("Concat", steps, path, [.int("axis", 1)])
    }
}

extension RNN: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let n = wHH.shape[0]
        let terms = Unrolled.inputTerms(&g, x, wIH, bias, gates: ["h"], hidden: n, path: path)[0]
        let whh = g.weight(wHH, path, "w_hh")
        var h: String? = nil
        var states: [String] = []
        for t in 0..<input[0] {
            let p = "\(path)/t\(t)"
            let xt = Unrolled.step(&g, terms, t, path: path)
            // h starts at zero, so the first step has no recurrent term.
            let pre = h.map { g.node("Add", [xt, g.node("MatMul", [$0, whh], p)], p) } ?? xt
            h = g.node("Tanh", [pre], p)
            states.append(h!)
        }
        return Unrolled.stacked(&g, states, path: path)
    }
}

extension LSTM: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let n = wHH.shape[0], gates = ["i", "f", "g", "o"]
        let terms = Unrolled.inputTerms(&g, x, wIH, bias, gates: gates, hidden: n, path: path)
        let whh = Unrolled.recurrent(&g, wHH, gates: gates, hidden: n, path: path)
        var h: String? = nil, c: String? = nil
        var states: [String] = []
        for t in 0..<input[0] {
            let p = "\(path)/t\(t)"
            var z: [String] = []
            for k in 0..<4 {
                let xt = Unrolled.step(&g, terms[k], t, path: path)
                z.append(h.map { g.node("Add", [xt, g.node("MatMul", [$0, whh[k]], p)], p) } ?? xt)
            }
            let i = g.node("Sigmoid", [z[0]], p), f = g.node("Sigmoid", [z[1]], p)
            let cand = g.node("Tanh", [z[2]], p), o = g.node("Sigmoid", [z[3]], p)
            let fresh = g.node("Mul", [i, cand], p)
            c = c.map { g.node("Add", [g.node("Mul", [f, $0], p), fresh], p) } ?? fresh
            h = g.node("Mul", [o, g.node("Tanh", [c!], p)], p)
            states.append(h!)
        }
        return Unrolled.stacked(&g, states, path: path)
    }
}

extension GRU: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let n = wHH.shape[0], gates = ["r", "z", "n"]
        let terms = Unrolled.inputTerms(&g, x, wIH, bIH, gates: gates, hidden: n, path: path)
        let whh = Unrolled.recurrent(&g, wHH, gates: gates, hidden: n, path: path)
        let bhh = gates.enumerated().map { k, gate in g.columns(bHH, k * n, (k + 1) * n, "\(path).b_hh.\(gate)") }
        var h: String? = nil
        var states: [String] = []
        for t in 0..<input[0] {
            let p = "\(path)/t\(t)"
            let xs = (0..<3).map { Unrolled.step(&g, terms[$0], t, path: path) }
            // With h = 0 the recurrent term is its bias alone.
            let hs = (0..<3).map { k in h.map { g.node("Add", [g.node("MatMul", [$0, whh[k]], p), bhh[k]], p) } ?? bhh[k] }
            let r = g.node("Sigmoid", [g.node("Add", [xs[0], hs[0]], p)], p)
            let z = g.node("Sigmoid", [g.node("Add", [xs[1], hs[1]], p)], p)
            let cand = g.node("Tanh", [g.node("Add", [xs[2], g.node("Mul", [r, hs[2]], p)], p)], p)
            // h = (1 − z)·n + z·h, written as dlrepl does: n + z·(h − n).
            let gap = h.map { g.node("Sub", [$0, cand], p) } ?? g.node("Neg", [cand], p)
            h = g.node("Add", [cand, g.node("Mul", [z, gap], p)], p)
            states.append(h!)
        }
        return Unrolled.stacked(&g, states, path: path)
    }
}

extension Last: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.node("Gather", [x, g.ints([-1], name: path + ".last", scalar: true)], path, [.int("axis", 1)])
    }
}

extension Attention: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        let (heads, causal) = AttentionSettings.of(self)
        let single = input.count == 1
        let d = input[input.count - 1], t = single ? 1 : input[0], dh = d / heads
        // Only features-only input needs the axis: an unused initializer is a warning in onnxruntime.
        let axis1 = single ? g.ints([1], name: path + ".axis1") : ""
        let seq = single ? g.node("Unsqueeze", [x, axis1], path) : x
        // Reshape's 0 keeps the batch size, whatever it is.
        let split = g.ints([0, t, heads, dh], name: path + ".split")
        func project(_ w: Tensor, _ b: Tensor, _ name: String, _ perm: [Int], _ g: inout ONNXGraph.Builder) -> String {
            let y = g.dense(seq, g.weight(w, path, "w" + name), g.weight(b, path, "b" + name), path + "/" + name)
            return g.node("Transpose", [g.node("Reshape", [y, split], path + "/" + name)], path + "/" + name, [.ints("perm", perm)])
        }
        let q = project(wq, bq, "q", [0, 2, 1, 3], &g)
        let k = project(wk, bk, "k", [0, 2, 3, 1], &g)
        let v = project(wv, bv, "v", [0, 2, 1, 3], &g)
        let scale = g.constant([1 / Float(dh).squareRoot()], shape: [], name: path + ".scale")
        var scores = g.node("Mul", [g.node("MatMul", [q, k], path), scale], path)
        if causal {
            var mask = [Float](repeating: 0, count: t * t)
            for i in 0..<t { for j in (i + 1)..<Swift.max(i + 1, t) { mask[i * t + j] = -1e9 } }
            scores = g.node("Add", [scores, g.constant(mask, shape: [t, t], name: path + ".mask")], path)
        }
        let weights = g.node("Softmax", [scores], path, [.int("axis", -1)])
        let mixed = g.node("Transpose", [g.node("MatMul", [weights, v], path)], path, [.ints("perm", [0, 2, 1, 3])])
        let joined = g.node("Reshape", [mixed, g.ints([0, t, d], name: path + ".join")], path)
        let y = g.dense(joined, g.weight(wo, path, "wo"), g.weight(bo, path, "bo"), path + "/o")
        return single ? g.node("Squeeze", [y, axis1], path) : y
    }
}

extension Activation: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        switch spec.kind {
        case "relu": return g.node("Relu", [x], path)
        case "tanh": return g.node("Tanh", [x], path)
        case "sigmoid": return g.node("Sigmoid", [x], path)
        case "softmax": return g.node("Softmax", [x], path, [.int("axis", -1)])
        case "leaky_relu": return g.node("LeakyRelu", [x], path, [.float("alpha", spec.value("slope", 0.01))])
        case "gelu":
            // Opset 17 has no Gelu: the exact one, 0.5·x·(1 + erf(x/√2)), from its parts.
            let erf = g.node("Erf", [g.node("Mul", [x, g.constant([0.70710678], shape: [], name: path + ".rsqrt2")], path)], path)
            let onePlus = g.node("Add", [erf, g.constant([1], shape: [], name: path + ".one")], path)
            let half = g.node("Mul", [x, g.constant([0.5], shape: [], name: path + ".half")], path)
            return g.node("Mul", [half, onePlus], path)
        default: throw Export.unsupported(self, .onnx)
        }
    }
}

extension Residual: ONNXLayer {
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        g.node("Add", [x, try g.chain(layers, x, path: path, input: input, built: outputShape)], path)
    }
}

extension Model: ONNXLayer {
    /// A nested model is inlined; a shared one twice, over the same initializers.
    func onnx(_ g: inout ONNXGraph.Builder, _ x: String, path: String, input: [Int]) throws -> String {
        try g.chain(layers, x, path: path, input: input, built: builtShape)
    }
}
