import DLNN

/// A layer's spec is read from the same checked arguments as a builtin's, so
/// its errors name the call and point at the argument like any other.
extension Arguments: LayerArguments {
    public var name: String { builtin.name }

    public func has(_ key: String) -> Bool { keyword(key) != nil }

    public func string(_ key: String) -> String? {
        guard case .string(let s)? = keyword(key)?.0 else { return nil }
        return s
    }

    public func error(_ message: String, at key: String) -> any Error {
        RuntimeError(message, at: keyword(key)?.1 ?? location)
    }
}
