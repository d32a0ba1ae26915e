import DLLang
import DLNN

/// The output sink of a lesson's session: passes everything on, except while
/// muted, when the lesson checks, restores earlier steps or runs the checker.
/// Errors seen while muted are kept so a failed restore can be reported.
public final class QuietSink: OutputSink {
    public let inner: OutputSink
    public var muted = false
    public private(set) var mutedErrors: [String] = []

    public init(_ inner: OutputSink) { self.inner = inner }

    /// Runs `body` muted, and returns what it returned with the errors it wrote.
    public func quietly<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        let was = muted, before = mutedErrors.count
        muted = true
        defer { muted = was }
        let result = try body()
        let errors = Array(mutedErrors[before...])
        mutedErrors.removeSubrange(before...)
        return (result, errors)
    }

    public func write(_ text: String) { if !muted { inner.write(text) } }
    public func writeError(_ text: String) { if muted { mutedErrors.append(text) } else { inner.writeError(text) } }
    public var isTerminal: Bool { inner.isTerminal }
    public var columns: Int { inner.columns }
    public func progress(_ line: String) { if !muted { inner.progress(line) } }
    public func training(_ event: TrainingEvent, _ context: TrainingContext) { if !muted { inner.training(event, context) } }
    public var printsTrainingLines: Bool { inner.printsTrainingLines }
    public func showBackprop(_ p: BackpropPresentation) -> Bool { muted ? true : inner.showBackprop(p) }
    public func showGraph(_ tree: [String]) -> Bool { muted ? true : inner.showGraph(tree) }
    public var wrapsText: Bool { inner.wrapsText }
    public func tracked(_ points: [(name: String, value: Double)]) { if !muted { inner.tracked(points) } }
    public var unicode: Bool { inner.unicode }
    public func picture(_ text: String, key: String) { if !muted { inner.picture(text, key: key) } }
}
