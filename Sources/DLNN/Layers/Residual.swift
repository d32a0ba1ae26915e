import DLTensor

/// `residual { ... }`: output = input + (the layers inside)(input). The
/// skip lets the gradient reach early layers undiminished, which is why a
/// deep stack of these trains where the plain stack does not.
public final class Residual: Container {
    public private(set) var layers: [Layer] = []
    public private(set) var outputShape: [Int] = []
    private var pending: [LayerSource]

    init(_ sources: [LayerSource]) { pending = sources }

    public var spec: LayerSpec { LayerSpec("residual", layers: layers.map(\.spec)) }
    public var namedParams: [(String, Tensor)] { [] }
    public var label: String { "residual" }

    func build(inputShape: [Int], _ builder: inout ChainBuilder) throws -> [Int] {
        guard !pending.isEmpty else { throw ModelError("residual { } needs at least one layer inside") }
        let (built, shape) = try builder.chain(pending, from: inputShape)
        guard shape == inputShape else {
            throw ModelError("residual: the layers inside must keep the shape \(Shape.describe(inputShape)) to be added to it, they give \(Shape.describe(shape))",
                             help: "end the block with a layer of \(inputShape.last ?? 0) units, e.g. dense(\(inputShape.last ?? 0))")
        }
        layers = built
        pending = []
        outputShape = shape
        return shape
    }

    public func forward(_ x: Tensor, _ context: inout ForwardContext) throws -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = try GradScope.within("layers[\(i)]", label: layer.label) { try layer.forward(h, &context) }
        }
        return try x + h
    }
}
