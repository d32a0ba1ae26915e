import DLTensor
import DLNN

extension Interpreter {
    /// Builds the model of a `model name { ... }` block; errors point at the layer's line.
    func buildModel(_ name: String, _ lines: [LayerLine], _ loc: SourceLocation, in env: Environment) throws -> Model {
        guard let first = lines.first, first.name == "input" else {
            throw RuntimeError("a model starts with input(...), the shape of one sample", at: lines.first?.location ?? loc,
                               help: "e.g. input(2) for 2 features, input(1, 28, 28) for an image")
        }
        let inputArgs = try arguments(of: first, layerTable["input"]!.builtin, in: env)
        let inputShape = try inputArgs.shape(from: 0)
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw RuntimeError("input needs positive sizes, e.g. input(2)", at: first.location)
        }
        var specs: [LayerSpec] = []
        for line in lines.dropFirst() {
            guard let entry = layerTable[line.name] else {
                let layers = layerTable.keys.filter { $0 != "input" }.sorted()
                let help = closestName(to: line.name, among: layers).map { "did you mean \($0)()? help(\"\($0)\") describes it" }
                    ?? "the layers are " + layers.map { $0 + "()" }.joined(separator: " ")
                throw RuntimeError("unknown layer '\(line.name)'", at: line.location, help: help)
            }
            if line.name == "input" { throw RuntimeError("input(...) comes once, first", at: line.location) }
            let args = try arguments(of: line, entry.builtin, in: env)
            specs.append(try at(line.location) { try entry.make(args) })
        }
        return try at(loc, layers: lines.dropFirst().map(\.location)) {
            try Model(name: name, inputShape: inputShape, specs: specs, rng: &rng, elementLimit: elementLimit)
        }
    }

    private func arguments(of line: LayerLine, _ b: Builtin, in env: Environment) throws -> Arguments {
        var positional: [Value] = [], positionalAt: [SourceLocation] = []
        var keywords: [(String, Value, SourceLocation)] = []
        for a in line.arguments {
            let v = try eval(a.value, in: env)
            if let label = a.label { keywords.append((label, v, a.location)) } else { positional.append(v); positionalAt.append(a.value.start) }
        }
        let args = Arguments(builtin: b, positional: positional, positionalAt: positionalAt,
                             keywords: keywords, location: line.location, interpreter: self)
        try args.validate()
        return args
    }

    /// `net(x)`: the forward pass, recorded; `training: true` turns dropout on
    /// and lets batchnorm update its statistics.
    func callModel(_ m: Model, positional: [Value], keywords: [(String, Value, SourceLocation)], at loc: SourceLocation) throws -> Value {
        guard positional.count == 1 else {
            throw RuntimeError("a model takes one input: \(m.name)(x)", at: loc)
        }
        var training = false
        for (k, v, kloc) in keywords {
            guard k == "training", case .bool(let b) = v else {
                throw RuntimeError("a model call takes only training: true or false", at: kloc)
            }
            training = b
        }
        let x: Tensor
        switch positional[0] {
        case .tensor(let t): x = t
        case .dataset(let d): x = d.x
        case let v: throw RuntimeError("\(m.name)(x) needs a tensor, got a \(v.typeName)", at: loc)
        }
        var context = ForwardContext(training: training, rng: rng)
        defer { rng = context.rng }
        return .tensor(try at(loc) { try m.forward(x, &context) })
    }
}
