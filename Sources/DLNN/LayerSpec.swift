import DLTensor

/// What a layer line of a `model` block said: the kind and its arguments.
/// It is enough to rebuild the layer (save/load) and to show it (summary).
public struct LayerSpec: Sendable, Equatable, Codable {
    public var kind: String
    public var numbers: [String: Double]
    public var strings: [String: String]

    public init(_ kind: String, numbers: [String: Double] = [:], strings: [String: String] = [:]) {
        self.kind = kind
        self.numbers = numbers
        self.strings = strings
    }

    func int(_ key: String) -> Int? { numbers[key].map { Int($0) } }
    func float(_ key: String, default d: Float) -> Float { numbers[key].map { Float($0) } ?? d }
}

/// Shape and argument errors found while building a model; DLLang adds the
/// source location of the layer's line.
public struct ModelError: LearnerError {
    public let message: String
    public let help: String?
    public let layerIndex: Int?
    public init(_ message: String, help: String? = nil, layerIndex: Int? = nil) {
        self.message = message
        self.help = help
        self.layerIndex = layerIndex
    }
}
