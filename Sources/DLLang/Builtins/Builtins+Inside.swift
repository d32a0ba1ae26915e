import DLNN
import DLTensor

/// Looking inside a model: what its units compute.
extension Builtins {
    static func inside() -> [Builtin] {
        [
            Builtin("neurons(net, [data])",
                    "For a model on 2-D inputs, draws what every unit computes: one small map per hidden unit of each layer, and the output, over the input plane (data's range when given: a dataset or an [n, 2] tensor; else -2..2). Units dead (a ReLU at 0 everywhere) or saturated (a tanh or sigmoid flat everywhere) are marked.",
                    example: "data = dataset(\"xor\", n: 64); model m { input(2); dense(3); tanh(); dense(1); sigmoid() }; neurons(m, data)") { a in
                let model = try a.model(0)
                var bounds = NeuronMaps.Bounds(x0: -2, x1: 2, y0: -2, y1: 2)
                if a.count > 1 {
                    let x: Tensor
                    switch a.value(1) {
                    case .dataset(let d): x = d.x
                    case .tensor(let t): x = t
                    case let v:
                        throw RuntimeError("neurons: data must be a dataset or an [n, 2] tensor of points, got a \(v.typeName)", at: a.at(1))
                    }
                    guard let b = NeuronMaps.bounds(around: x) else {
                        throw RuntimeError("neurons: data must hold 2-D points ([n, 2]) with finite values, got \(Shape.describe(x.shape))", at: a.at(1))
                    }
                    bounds = b
                }
                let maps = try DLLang.at(a.at(0)) {
                    try NeuronMaps.compute(model, bounds: bounds, columns: NeuronPicture.columns, rows: NeuronPicture.rows)
                }
                let out = a.interpreter.output
                a.interpreter.picturesDrawn += 1
                let colors = PictureColors.enabled(for: out)
                let picture = NeuronPicture.picture(maps, name: model.name, width: out.columns, unicode: out.unicode, diverging: colors)
                out.picture(picture.text(colors: colors).joined(separator: "\n") + "\n", key: "neurons \(a.location)")
                return .none
            },
        ]
    }
}
