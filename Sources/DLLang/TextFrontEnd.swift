import TextFormat
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// interleave in order on a terminal. `run`, `-e`, pipes and the line REPL.
public final class TextFrontEnd: FrontEnd {
    public static let isTerminal = isatty(1) != 0

    public init() {}

    /// What this output can show now (a terminal's width is read again each time).
    public var traits: OutputTraits {
        var t = OutputTraits(columns: Self.columns)
        t.redrawsProgress = Self.isTerminal
        t.colors = Self.paintsPictures
        return t
    }

    /// Output to a file or a pipe goes out line by line: SIGTERM and SIGHUP
    /// end the process at once, and stdio's block buffer (4 KB of printed
    /// lines) went with it. Flushing from a signal handler is not safe; a
    /// line at a time costs one write per line, which a learner's program
    /// never notices. Call before anything is printed.
    public static func flushEachLine() {
        if isatty(1) == 0 { setvbuf(stdout, nil, _IOLBF, 0) }
    }

    /// A message outside any session (a file that cannot be read, a bad option).
    public static func error(_ text: String) {
        fflush(stdout)
        fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
        fflush(stderr)
    }

    /// A terminal that says it has 256 colours, NO_COLOR unset: signed
    /// pictures are written with escapes on the diverging palette.
    static let paintsPictures = isTerminal && PictureColors.environmentAllows

    /// The terminal's width now (the line REPL reads it before each entry), or 100.
    public static var columns: Int {
        var size = winsize()
        if isTerminal, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }

    private var hasProgress = false

    public func receive(_ event: SessionEvent) {
        switch event {
        case .text(let text): write(text)
        case .picture(let p, _): write(p.text(colors: Self.paintsPictures).joined(separator: "\n") + "\n")
        case .backprop(let p): write(p.text)
        case .error(let text):
            fflush(stdout)
            fputs(text, stderr)
            fflush(stderr)
        case .progress(let line):
            guard Self.isTerminal else { return }
            fputs("\r\u{1B}[K" + String(line.prefix(Swift.max(Self.columns - 1, 10))), stdout)
            fflush(stdout)
            hasProgress = true
        case .graph, .training, .tracked:
            break
        }
    }

    private func write(_ text: String) {
        if hasProgress { fputs("\r\u{1B}[K", stdout); hasProgress = false }
        fputs(text, stdout)
    }
}
