import DLTensor
import DLNN

extension Interpreter {
    /// Builds the model of a `model name { ... }` block; errors point at the layer's line.
    func buildModel(_ name: String, _ lines: [LayerLine], _ loc: SourceLocation, in env: Environment) throws -> Model {
        var body = lines[...]
        var inputShape: [Int]? = nil
        if let first = lines.first, first.name == "input", case .call = first.form {
            let inputArgs = try arguments(of: first, layerTable["input"]!.builtin, in: env)
            let shape = try inputArgs.shape(from: 0)
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
                throw RuntimeError("input needs positive sizes, e.g. input(2)", at: first.location)
            }
            inputShape = shape
            body = lines.dropFirst()
        } else if lines.first.map({ modelNamed($0.name, in: env) == nil }) ?? true {
            throw RuntimeError("a model starts with input(...), the shape of one sample", at: lines.first?.location ?? loc,
                               help: "e.g. input(2) for 2 features, input(1, 28, 28) for an image; a model that starts with another model may leave it out")
        }
        let sources = try body.map { try source(of: $0, in: env) }
        return try at(loc, layers: Array(body)) {
            try Model(name: name, inputShape: inputShape, sources: sources, rng: &rng, elementLimit: elementLimit)
        }
    }

    private func modelNamed(_ name: String, in env: Environment) -> Model? {
        if case .model(let m)? = env.lookup(name) { return m }
        return nil
    }

    /// What one line adds: a layer call, a copy of a model (`block()`), that
    /// model itself (`encoder`), or a `residual { }` block.
    private func source(of line: LayerLine, in env: Environment) throws -> LayerSource {
        switch line.form {
        case .block(let inner):
            guard line.name == "residual" else {
                throw RuntimeError("unknown block '\(line.name) { }'", at: line.location,
                                   help: "the block a model can hold is residual { ... }: its output is its input plus the layers' output")
            }
            return .block(LayerSpec("residual"), try inner.map { try source(of: $0, in: env) })
        case .bare:
            if let m = modelNamed(line.name, in: env) { return .shared(m) }
            if layerTable[line.name] != nil {
                throw RuntimeError("\(line.name) is a layer: write \(line.name)(...)", at: line.location,
                                   help: "a bare name in a model block adds an earlier model, sharing its weights")
            }
            let what = env.lookup(line.name).map { "\(line.name) is a \($0.typeName), not a model" } ?? "there is no model named \(line.name)"
            throw RuntimeError(what, at: line.location,
                               help: "a bare name in a model block adds an earlier model; a layer is a call like dense(16)")
        case .call:
            if line.name == "input" { throw RuntimeError("input(...) comes once, first", at: line.location) }
            if let entry = layerTable[line.name] {
                let args = try arguments(of: line, entry.builtin, in: env)
                return .spec(try at(line.location) { try entry.make(args) })
            }
            if let m = modelNamed(line.name, in: env) {
                guard line.arguments.isEmpty else {
                    throw RuntimeError("\(line.name)() takes no arguments: it adds a fresh copy of model \(line.name)", at: line.location)
                }
                return .spec(m.spec)
            }
            let layers = layerTable.keys.filter { $0 != "input" }.sorted()
            let help = closestName(to: line.name, among: layers).map { "did you mean \($0)()? help(\"\($0)\") describes it" }
                ?? "the layers are " + layers.map { $0 + "()" }.joined(separator: " ") + ", and residual { ... }"
            throw RuntimeError("unknown layer '\(line.name)'", at: line.location, help: help)
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
