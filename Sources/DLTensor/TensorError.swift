/// The one shape of every error a learner sees: a sentence to act on and an
/// optional hint. Each module raises its own kind (tensor, model, data,
/// file); the language turns any of them into a `RuntimeError` at a source
/// location in one place, so a new kind needs no new catch anywhere.
public protocol LearnerError: Error, CustomStringConvertible {
    var message: String { get }
    var help: String? { get }
}

extension LearnerError {
    public var description: String { message }
}

/// Engine errors carry a sentence a learner can act on; the language adds
/// the source location when it reports them.
public struct TensorError: LearnerError, Equatable {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
}
