#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits a learner (or a test) sets in the environment, applied the same
/// way by every front end: `dlrepl run`, `-e`, the plain REPL, lessons and
/// the screen's worker.
public enum SessionLimits {
    /// `DLREPL_ELEMENT_LIMIT`: no tensor or model may hold more elements.
    /// Nil when unset, not a number, or not positive.
    public static func elementLimit(_ value: String?) -> Int? {
        guard let value, let n = Int(value), n > 0 else { return nil }
        return n
    }

    public static var environmentElementLimit: Int? {
        elementLimit(getenv("DLREPL_ELEMENT_LIMIT").map { String(cString: $0) })
    }

    /// Lowers the session's element limit to `limit` (never raises it).
    public static func apply(elementLimit limit: Int?, to session: Session) {
        guard let limit else { return }
        session.interpreter.elementLimit = Swift.min(limit, session.interpreter.elementLimit)
    }
}
