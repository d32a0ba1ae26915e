/// The checked arguments of a layer call in a model block, as a layer reads
/// them to make its spec. The language implements it, so the errors name the
/// call and point at the argument's place in the source; DLNN only asks.
public protocol LayerArguments {
    /// The call's name (`dense`), for messages.
    var name: String { get }
    /// How many positional arguments were given (the signature bounds it already).
    var count: Int { get }
    func int(_ i: Int, _ what: String) throws -> Int
    func number(_ i: Int, _ what: String) throws -> Double
    func int(_ key: String, default: Int) throws -> Int
    func number(_ key: String, default: Double) throws -> Double
    func bool(_ key: String, default: Bool) throws -> Bool
    func has(_ key: String) -> Bool
    /// Keyword `key` when it is text; nil when it is absent or not text.
    func string(_ key: String) -> String?
    /// An error with this message at keyword `key` (at the call when it is absent).
    func error(_ message: String, at key: String) -> any Error
}

extension LayerArguments {
    /// The `init:` keyword of a weighted layer, checked now so a typo points at its line.
    func initializer() throws -> [String: String] {
        guard has("init") else { return [:] }
        guard let s = string("init") else { throw error("\(name): init must be a name in quotes", at: "init") }
        _ = try Initializer.named(s)
        return ["init": s]
    }
}
