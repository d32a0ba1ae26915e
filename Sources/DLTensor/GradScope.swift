#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The layer a recorded op belongs to: its path in the model
/// (`layers[2].layers[0]`) and how it is named (`attention(4 heads)`). An
/// unrolled LSTM records hundreds of nodes; the graph and the stepper use
/// this to say which layer made each one and to fold a layer into a line.
public final class GradScope: Sendable {
    public let path: String
    public let label: String

    init(path: String, label: String) {
        self.path = path
        self.label = label
    }

    public var description: String { path + " " + label }

    /// Per thread, like recording itself. The key holds an unretained
    /// pointer: the scope is kept alive by the `within` call that set it.
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    public static var current: GradScope? {
        pthread_getspecific(key).map { Unmanaged<GradScope>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with ops recorded as made by `component` (a path step
    /// such as `layers[3]`) inside the current scope. Free when not recording.
    public static func within<T>(_ component: String, label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard GradMode.isEnabled else { return try body() }
        let outer = pthread_getspecific(key)
        let parentPath = outer.map { Unmanaged<GradScope>.fromOpaque($0).takeUnretainedValue().path + "." } ?? ""
        let scope = GradScope(path: parentPath + component, label: label())
        pthread_setspecific(key, Unmanaged.passUnretained(scope).toOpaque())
        defer { pthread_setspecific(key, outer) }
        return try withExtendedLifetime(scope) { try body() }
    }
}
