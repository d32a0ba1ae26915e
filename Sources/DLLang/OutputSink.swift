#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a session writes: plain text streams here; the screen will supply
/// one that fills notebook cells.
public protocol OutputSink: AnyObject {
    /// Normal output; each piece ends with a newline.
    func write(_ text: String)
    /// A rendered diagnostic.
    func writeError(_ text: String)
}

/// stdout for output, stderr for errors; stdout is flushed first so the two
/// interleave in order on a terminal.
public final class StandardStreams: OutputSink {
    public init() {}
    public func write(_ text: String) { fputs(text, stdout) }
    public func writeError(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }
}

/// Collects everything in one string, errors included, for tests.
public final class CapturedOutput: OutputSink {
    public private(set) var text = ""
    public private(set) var errors = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
    public func writeError(_ text: String) { errors += text; self.text += text }
}
