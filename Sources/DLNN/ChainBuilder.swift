import DLTensor

/// Where a layer of a model block comes from.
public indirect enum LayerSource {
    /// A new layer made from its spec (fresh weights); a spec of kind "model"
    /// or "residual" makes the whole tree it describes.
    case spec(LayerSpec)
    /// That very model: its weights are shared with every other place it is used.
    case shared(Model)
    /// A block such as `residual { ... }`, whose lines may share models too.
    case block(LayerSpec, [LayerSource])
}

/// Builds a chain of layers in order, inferring each input shape from the
/// previous output. It carries the memory budget through nested blocks, so
/// no param and no per-sample shape may pass `elementLimit` elements, nor
/// all params of the outermost model together.
struct ChainBuilder {
    var rng: RandomGenerator
    let elementLimit: Int
    private var total = 0

    init(rng: RandomGenerator, elementLimit: Int) {
        self.rng = rng
        self.elementLimit = elementLimit
    }

    func tooLarge(_ what: String, _ shape: [Int]) -> ModelError {
        ModelError("\(what) \(Shape.describe(shape)) is too large (more than \(elementLimit) elements)",
                   help: "a layer this size would not fit in memory; try fewer units or filters")
    }

    /// Makes and builds every source in order; errors carry the failing entry's position.
    mutating func chain(_ sources: [LayerSource], from inputShape: [Int]) throws -> (layers: [Layer], shape: [Int]) {
        var shape = inputShape
        var built: [Layer] = []
        for (i, source) in sources.enumerated() {
            do {
                let layer: Layer
                switch source {
                case .spec(let spec):
                    layer = try LayerFactory.make(spec)
                    shape = try place(layer, on: shape)
                case .shared(let m):
                    // Already built: it is only checked to fit here.
                    layer = m
                    shape = try m.placed(on: shape)
                case .block(let spec, let inner):
                    layer = try LayerFactory.block(spec, inner)
                    shape = try place(layer, on: shape)
                }
                guard let n = Shape.checkedCount(shape), n <= elementLimit else {
                    throw tooLarge("\(layer.spec.kind): the output of one sample", shape)
                }
                built.append(layer)
            } catch let e as ModelError {
                throw e.inside(i)
            }
        }
        return (built, shape)
    }

    /// Builds one new layer on `shape` and returns its per-sample output shape.
    private mutating func place(_ layer: Layer, on shape: [Int]) throws -> [Int] {
        if let c = layer as? Container { return try c.build(inputShape: shape, &self) }
        for p in layer.paramShapes(inputShape: shape) {
            guard let n = Shape.checkedCount(p), n <= elementLimit else {
                throw tooLarge("\(layer.spec.kind): a weight of shape", p)
            }
            guard n <= elementLimit - total else {
                throw ModelError("the model's params together would pass \(elementLimit) elements",
                                 help: "a model this size would not fit in memory")
            }
            total += n
        }
        return try layer.build(inputShape: shape, rng: &rng)
    }
}
