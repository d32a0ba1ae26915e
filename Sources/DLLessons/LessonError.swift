/// A problem in a lesson file, or a lesson that cannot be found; says where.
public struct LessonError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ message: String) { description = message }

    public init(file: String, line: Int, _ message: String) { description = "\(file):\(line): \(message)" }
}
