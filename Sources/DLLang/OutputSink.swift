import DLNN
import DLTensor
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
    /// True when output goes to a terminal: progress lines are redrawn in place.
    var isTerminal: Bool { get }
    /// Width available for tables.
    var columns: Int { get }
    /// A line that replaces the previous progress line (terminal only).
    func progress(_ line: String)
    /// Every training event, with what it is about, on the thread that trains.
    /// The screen turns these into plain values for its panels (and may block
    /// here while the learner has paused training).
    func training(_ event: TrainingEvent, _ context: TrainingContext)
    /// Whether fit should print its epoch lines (the screen draws its own progress).
    var printsTrainingLines: Bool { get }
    /// Shows a backward pass step by step; false means "print it as text".
    func showBackprop(_ p: BackpropPresentation) -> Bool
    /// Shows a recorded graph as a navigable tree; false means "print it as text".
    func showGraph(_ tree: [String]) -> Bool
    /// The sink wraps long lines to its own width (the screen does), so
    /// prose may come one line per paragraph.
    var wrapsText: Bool { get }
    /// The points one `track(a: x, b: y)` call added, one per series, given
    /// together so the screen never shows a call half done; the screen
    /// charts them live, text output shows nothing.
    func tracked(_ points: [(name: String, value: Double)])
    /// Whether the output may hold block characters (a UTF-8 locale); else
    /// pictures use ASCII shades.
    var unicode: Bool { get }
    /// A picture drawn again and again from one place in the code (`key`):
    /// the screen shows the newest in place of the last, so points redrawn
    /// in a training loop move; text output writes every one.
    func picture(_ text: String, key: String)
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

extension OutputSink {
    public var isTerminal: Bool { false }
    public var columns: Int { 100 }
    public func progress(_ line: String) {}
    public func training(_ event: TrainingEvent, _ context: TrainingContext) {}
    public var printsTrainingLines: Bool { true }
    public func showBackprop(_ p: BackpropPresentation) -> Bool { false }
    public func showGraph(_ tree: [String]) -> Bool { false }
    public var wrapsText: Bool { false }
    public func tracked(_ points: [(name: String, value: Double)]) {}
    public var unicode: Bool { TextLocale.isUTF8 }
    public func picture(_ text: String, key: String) { write(text) }
}

/// The character set of the locale, decided as setlocale(LC_CTYPE, "")
/// would from the environment (LC_ALL, then LC_CTYPE, then LANG), without
/// changing the process's locale. The screen asks curses the same question.
public enum TextLocale {
    public static let isUTF8: Bool = {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let raw = getenv(name) else { continue }
            let value = String(cString: raw)
            if value.isEmpty { continue }
            let lower = value.lowercased()
            return lower.contains("utf-8") || lower.contains("utf8")
        }
        return false
    }()
}

/// stdout for output, stderr for errors; stdout is flushed first so the two
/// interleave in order on a terminal.
public final class StandardStreams: OutputSink {
    public let isTerminal = isatty(1) != 0

    public init() {}

    /// Output to a file or a pipe goes out line by line: SIGTERM and SIGHUP
    /// end the process at once, and stdio's block buffer (4 KB of printed
    /// lines) went with it. Flushing from a signal handler is not safe; a
    /// line at a time costs one write per line, which a learner's program
    /// never notices. Call before anything is printed.
    public static func flushEachLine() {
        if isatty(1) == 0 { setvbuf(stdout, nil, _IOLBF, 0) }
    }

    public var columns: Int {
        var size = winsize()
        if isTerminal, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }

    public func write(_ text: String) {
        if hasProgress { fputs("\r\u{1B}[K", stdout); hasProgress = false }
        fputs(text, stdout)
    }

    private var hasProgress = false

    public func progress(_ line: String) {
        guard isTerminal else { return }
        fputs("\r\u{1B}[K" + String(line.prefix(Swift.max(columns - 1, 10))), stdout)
        fflush(stdout)
        hasProgress = true
    }
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
    public let columns: Int
    public let unicode: Bool
    public init(columns: Int = 100, unicode: Bool = true) { self.columns = columns; self.unicode = unicode }
    public func write(_ text: String) { self.text += text }
    public func writeError(_ text: String) { errors += text; self.text += text }
}
