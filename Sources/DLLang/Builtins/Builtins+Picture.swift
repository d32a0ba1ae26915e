import DLTensor

extension Builtins {
    static func picture() -> [Builtin] {
        [
            Builtin("show(t, colors: none, policy: none)",
                    "Draws a tensor as a picture: [h, w] as one image, [n, h, w] or [n, 1, h, w] as a grid of n images, each scaled to its own range, with the range in a legend; on a colour terminal a tensor with both signs is drawn blue (negative), white (0), orange (positive). A graph (dataset(\"karate_club\")) is drawn as nodes and edges, marked by class, or by colors: one class per node. An environment is drawn as its grid, or with policy: one arrow per cell.",
                    example: "show(reshape(arange(16), 4, 4))") { a in
                let out = a.interpreter.output
                a.interpreter.picturesDrawn += 1
                if case .record(let g) = a.value(0), g.kind == "graph" {
                    let lines = try DLLang.at(a.location) { try graphLines(g, a) }
                    out.write(lines.joined(separator: "\n") + "\n")
                    return .none
                }
                if case .environment(let e) = a.value(0) {
                    out.write(try environmentPicture(e, a).joined(separator: "\n") + "\n")
                    return .none
                }
                if a.keyword("colors") != nil {
                    throw RuntimeError("show: colors: is for graphs, one class per node", at: a.keyword("colors")!.1)
                }
                let t = try a.tensor(0, "t")
                let colors = out.traits.colors
                let picture = try DLLang.at(a.at(0)) {
                    try Picture.picture(t, width: out.traits.columns, unicode: out.traits.unicode, diverging: colors)
                }
                out.send(.picture(picture, key: nil))
                return .none
            },
            Builtin("scatter(*sets, names: none, range: none)",
                    "Draws sets of 2-D points ([n, 2] each) in one frame, one mark per set, later sets on top; range: r fixes the frame at [-r, r] (or [x0, x1, y0, y1]) so repeated drawings line up.",
                    example: "scatter(dataset(\"ring\", classes: 8).x, names: [\"real\"], range: 3)") { a in
                let sets = try (0..<a.count).map { try a.tensor($0, "set \($0 + 1)") }
                var names: [String] = []
                if let (v, loc) = a.keyword("names"), !Training.isNone(v) {
                    guard case .list(let l) = v, l.items.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                        throw RuntimeError("scatter: names must be a list of strings, one per set", at: loc)
                    }
                    names = l.items.map { if case .string(let s) = $0 { s } else { "" } }
                }
                let bounds = try a.keyword("range").flatMap { v, loc in try scatterBounds(v, at: loc) }
                let out = a.interpreter.output
                a.interpreter.picturesDrawn += 1
                let lines = try DLLang.at(a.location) {
                    try Scatter.lines(sets, names: names, bounds: bounds, width: out.traits.columns, unicode: out.traits.unicode)
                }
                out.send(.picture(ShadedPicture(text: lines), key: "scatter \(a.location)"))
                return .none
            },
        ]
    }
}

/// `range: 3` is [-3, 3] on both axes; `range: [x0, x1, y0, y1]` sets each.
private func scatterBounds(_ v: Value, at loc: SourceLocation) throws -> Scatter.Bounds? {
    let bad = RuntimeError("scatter: range must be a positive number r (the frame [-r, r]) or [x0, x1, y0, y1] with x0 < x1 and y0 < y1", at: loc)
    switch v {
    case .none: return nil
    case .number(let r):
        guard r > 0, r.isFinite else { throw bad }
        return Scatter.Bounds(x0: -r, x1: r, y0: -r, y1: r)
    case .tensor(let t):
        let e = t.storage.map(Double.init)
        guard e.count == 4, e.allSatisfy(\.isFinite), e[0] < e[1], e[2] < e[3] else { throw bad }
        return Scatter.Bounds(x0: e[0], x1: e[1], y0: e[2], y1: e[3])
    default: throw bad
    }
}

/// A graph record drawn by GraphPicture, marked by its labels or by `colors:`.
private func graphLines(_ g: Record, _ a: Arguments) throws -> [String] {
    guard case .tensor(let adjacency) = g["adjacency"] ?? .none else {
        throw RuntimeError("show: this graph has no adjacency to draw")
    }
    var truth: [Int]? = nil
    if case .tensor(let y) = g["y"] ?? .none { truth = y.storage.map { Int($0) } }
    var classes = truth ?? [Int](repeating: 0, count: adjacency.shape.first ?? 0)
    var compare: [Int]? = nil
    if let (v, loc) = a.keyword("colors"), !Training.isNone(v) {
        let c = try a.toTensor(v, "colors", loc)
        guard c.storage.allSatisfy({ $0 >= 0 && $0 < 64 && $0 == $0.rounded() }) else {
            throw RuntimeError("show: colors must hold whole-number classes, one per node", at: loc,
                               help: "turn outputs into classes with argmax(out, axis: 1)")
        }
        classes = c.storage.map { Int($0) }
        compare = truth
    }
    var names: [String] = []
    if case .list(let l) = g["classes"] ?? .none { names = l.items.map { if case .string(let s) = $0 { s } else { "" } } }
    let out = a.interpreter.output
    return try GraphPicture.lines(adjacency: adjacency, classes: classes, truth: compare, classNames: names,
                                  width: out.traits.columns, unicode: out.traits.unicode)
}
