import TextFormat
import DLTensor

/// What a layer line of a `model` block said: the kind and its arguments.
/// It is enough to rebuild the layer (save/load) and to show it (summary).
public struct LayerSpec: Sendable, Equatable, Codable {
    public var kind: String
    public var numbers: [String: Double]
    public var strings: [String: String]
    /// A nested model's declared input shape (absent in files of older versions and for other layers).
    public var input: [Int]?
    /// The layers inside a nested model or a `residual` block.
    public var layers: [LayerSpec]?

    public init(_ kind: String, numbers: [String: Double] = [:], strings: [String: String] = [:],
                input: [Int]? = nil, layers: [LayerSpec]? = nil) {
        self.kind = kind
        self.numbers = numbers
        self.strings = strings
        self.input = input
        self.layers = layers
    }

    /// A whole-number argument, nil when absent. Specs also come from model
    /// files, so a value is checked before it becomes an Int: 1e300 would trap,
    /// and anything near Int's range would overflow the shape arithmetic.
    func int(_ key: String) throws -> Int? {
        guard let v = numbers[key] else { return nil }
        guard let i = Int(exactly: v), Swift.abs(i) <= LayerSpec.largestInt else {
            throw ModelError("\(kind): \(key) must be a whole number up to \(LayerSpec.largestInt), got \(NumberFormat.shortest(v))")
        }
        return i
    }
    static let largestInt = 1 << 40

    /// The spec with control characters removed from its text (specs read
    /// from a file are shown in summaries and messages).
    var displayable: LayerSpec {
        LayerSpec(Sanitize.stripped(kind),
                  numbers: Dictionary(numbers.map { (Sanitize.stripped($0.key), $0.value) }, uniquingKeysWith: { a, _ in a }),
                  strings: Dictionary(strings.map { (Sanitize.stripped($0.key), Sanitize.stripped($0.value)) }, uniquingKeysWith: { a, _ in a }),
                  input: input, layers: layers?.map(\.displayable))
    }
    func float(_ key: String, default d: Float) -> Float { numbers[key].map { Float($0) } ?? d }
}

/// Shape and argument errors found while building a model; DLLang adds the
/// source location of the layer's line.
public struct ModelError: LearnerError {
    public let message: String
    public let help: String?
    /// Where the failing layer is: its index in the model, then in the block
    /// inside it, and so on (empty when the model as a whole failed).
    public let layerPath: [Int]
    public init(_ message: String, help: String? = nil, layerPath: [Int] = []) {
        self.message = message
        self.help = help
        self.layerPath = layerPath
    }
    /// The same error one level further out, at entry `i` of the enclosing chain.
    func inside(_ i: Int) -> ModelError { ModelError(message, help: help, layerPath: [i] + layerPath) }
}
