/// A file that could not be read or written; the message names the path.
public struct FileError: Error, Sendable {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
}
