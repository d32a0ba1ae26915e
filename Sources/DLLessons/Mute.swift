import DLLang

/// A filter on a lesson's session output: everything passes, except while
/// muted, when the lesson checks, restores earlier steps or runs the checker.
/// Errors seen while muted are kept so a failed restore can be reported.
public final class Mute {
    public var muted = false
    public private(set) var mutedErrors: [String] = []

    public init(_ output: SessionOutput) {
        // Held by the output it filters (the Mute holds nothing back): a
        // session may outlive the tutor that made it (`dlrepl run`).
        output.addFilter { event in
            guard self.muted else { return event }
            if case .error(let text) = event { self.mutedErrors.append(text) }
            return nil
        }
    }

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
}
