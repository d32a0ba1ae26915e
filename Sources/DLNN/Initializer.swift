import DLTensor

/// Weight initialisation, named with `init:` on a layer. The default is
/// Glorot (Xavier) uniform with zero biases, as in Keras.
public enum Initializer: String, CaseIterable, Sendable {
    case glorotUniform = "glorot_uniform", glorotNormal = "glorot_normal"
    case heUniform = "he_uniform", heNormal = "he_normal"

    public static let `default` = Initializer.glorotUniform
    static let aliases: [String: Initializer] = [
        "xavier_uniform": .glorotUniform, "xavier_normal": .glorotNormal,
        "kaiming_uniform": .heUniform, "kaiming_normal": .heNormal,
    ]

    public static func named(_ name: String) throws -> Initializer {
        if let i = Initializer(rawValue: name) ?? aliases[name] { return i }
        throw ModelError("unknown initializer '\(name)'",
                         help: "use one of " + (allCases.map(\.rawValue) + aliases.keys.sorted()).joined(separator: ", "))
    }

    /// A [fanIn, fanOut]-shaped (or any shape with those fans) weight.
    public func weight(_ shape: [Int], fanIn: Int, fanOut: Int, rng: inout RandomGenerator) -> Tensor {
        let n = Shape.count(shape)
        let values: [Float]
        switch self {
        case .glorotUniform:
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            values = (0..<n).map { _ in (rng.uniform() * 2 - 1) * limit }
        case .glorotNormal:
            let std = (2 / Float(fanIn + fanOut)).squareRoot()
            values = (0..<n).map { _ in rng.normal() * std }
        case .heUniform:
            let limit = (6 / Float(fanIn)).squareRoot()
            values = (0..<n).map { _ in (rng.uniform() * 2 - 1) * limit }
        case .heNormal:
            let std = (2 / Float(fanIn)).squareRoot()
            values = (0..<n).map { _ in rng.normal() * std }
        }
        return Tensor(shape: shape, storage: values, isParam: true)
    }
}
