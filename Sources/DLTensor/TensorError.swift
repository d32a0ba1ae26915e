/// Engine errors carry a sentence a learner can act on; the language adds
/// the source location when it reports them.
public struct TensorError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
    public var description: String { message }
}
