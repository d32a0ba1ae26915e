import DLNN
import DLTensor

/// Everything a session says, as values. A front end (text, the screen, a
/// test's capture) switches over them; nothing is lost to a default that
/// forgot to forward it.
public enum SessionEvent {
    /// Normal output; each piece ends with a newline.
    case text(String)
    /// A rendered diagnostic.
    case error(String)
    /// A line that replaces the previous progress line (sent only where
    /// `OutputTraits.redrawsProgress`).
    case progress(String)
    /// Every training event with what it is about, on the thread that trains.
    /// The screen turns these into plain values for its panels (and may block
    /// here while the learner has paused training).
    case training(TrainingEvent, TrainingContext)
    /// A picture: characters, each cell perhaps with a level on the
    /// diverging palette (signed values: blue, white, orange) that a front
    /// end with colour paints. One drawn again and again from one place in
    /// the code has a `key`: the screen shows the newest in place of the
    /// last, so points redrawn in a training loop move; text output writes
    /// every one.
    case picture(ShadedPicture, key: String?)
    /// The points one `track(a: x, b: y)` call added, one per series, given
    /// together so the screen never shows a call half done.
    case tracked([(name: String, value: Double)])
    /// A backward pass to show step by step (sent only where `OutputTraits.opensSteppers`).
    case backprop(BackpropPresentation)
    /// A recorded graph to show as a navigable tree (likewise).
    case graph([String])
}

/// What a front end can show. It passes the value in when the session is
/// made, and changes it as it learns more (the screen's width as the window
/// resizes, steppers off while `run all` replays cells).
public struct OutputTraits: Sendable, Equatable {
    /// Width available for tables and pictures.
    public var columns = 100
    /// The output may hold block characters (a UTF-8 locale); else pictures use ASCII shades.
    public var unicode = TextLocale.isUTF8
    /// Progress lines are redrawn in place (a terminal).
    public var redrawsProgress = false
    /// fit prints its epoch lines (the screen draws its own progress).
    public var printsTrainingLines = true
    /// The front end wraps long lines to its own width, so prose may come one line per paragraph.
    public var wrapsText = false
    /// `backprop` and `graph` open as steppers beside the output instead of printing text.
    public var opensSteppers = false
    /// Pictures of signed values get levels on the diverging palette, which
    /// the front end paints (ANSI 256-colour escapes on a terminal, styled
    /// cells on the screen); else they are drawn in shades.
    public var colors = false

    public init(columns: Int = 100, unicode: Bool = TextLocale.isUTF8) {
        self.columns = columns
        self.unicode = unicode
    }
}

/// Receives a session's events.
public protocol FrontEnd: AnyObject {
    func receive(_ event: SessionEvent)
}

/// Where a session's events go: through the filters (a lesson mutes its own
/// checks), then to the front end.
public final class SessionOutput {
    public var traits: OutputTraits
    public let frontEnd: FrontEnd
    private var filters: [(SessionEvent) -> SessionEvent?] = []

    public init(_ frontEnd: FrontEnd, traits: OutputTraits) {
        self.frontEnd = frontEnd
        self.traits = traits
    }

    /// A filter sees every event before the front end; nil drops it.
    public func addFilter(_ filter: @escaping (SessionEvent) -> SessionEvent?) { filters.append(filter) }

    public func send(_ event: SessionEvent) {
        var event = event
        for filter in filters {
            guard let kept = filter(event) else { return }
            event = kept
        }
        frontEnd.receive(event)
    }

    public func write(_ text: String) { send(.text(text)) }
    public func writeError(_ text: String) { send(.error(text)) }
}

/// What a fit is training: the model and its data. Only valid during the call.
public struct TrainingContext {
    public let model: Model
    public let x: Tensor
    public let y: Tensor
    public let classCount: Int?
    public let loss: Loss
    /// `fit(..., verbose: false)`: no lines in the output, panels only.
    public var verbose = true
    /// Its learning rate is read live, as schedules change it.
    public var optimizer: Optimizer? = nil
}

/// Collects everything in one string, errors included, for tests and the
/// lesson checker.
public final class CapturedOutput: FrontEnd {
    public private(set) var text = ""
    public private(set) var errors = ""
    public let traits: OutputTraits
    public init(columns: Int = 100, unicode: Bool = true) { traits = OutputTraits(columns: columns, unicode: unicode) }
    public func receive(_ event: SessionEvent) {
        switch event {
        case .text(let t): text += t
        case .picture(let p, _): text += p.plain
        case .error(let t): errors += t; text += t
        case .backprop(let p): text += p.text
        case .graph, .progress, .training, .tracked: break
        }
    }
}
