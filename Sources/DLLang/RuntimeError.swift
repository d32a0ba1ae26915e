import DLTensor

/// An error raised while running. The location is filled by the innermost
/// expression that knows where it is; the source by the function frame or
/// the session entry it happened in.
public struct RuntimeError: Error {
    public var message: String
    public var location: SourceLocation?
    public var help: String?
    public var source: SourceText?

    public init(_ message: String, at location: SourceLocation? = nil, help: String? = nil) {
        self.message = message
        self.location = location
        self.help = help
    }

    func located(_ fallback: SourceLocation) -> RuntimeError {
        var e = self
        if e.location == nil { e.location = fallback }
        return e
    }
}

/// Runs `body`, turning engine errors into runtime errors at `location`.
@inline(__always)
func at<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as TensorError {
        throw RuntimeError(e.message, at: location, help: e.help)
    } catch let e as RuntimeError {
        throw e.located(location)
    }
}
