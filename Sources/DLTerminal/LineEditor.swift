// The only file (with its extensions) that touches readline's C globals;
// @preconcurrency lets Swift 6 accept them, and @MainActor is what makes
// that sound: readline is single-threaded and all access happens here.
@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum LineEditorResult: Equatable, Sendable {
    case line(String)
    case eof
    case interrupted
}

/// GNU readline via its callback interface, so Ctrl-C and window resizes can
/// be handled in our own poll() loop instead of readline's signal handlers.
@MainActor
public final class LineEditor {
    public static let shared = LineEditor()

    /// Gets the buffer up to the cursor, the character offset where the word
    /// being completed starts, and that word. Candidates not starting with
    /// the word are dropped. Nothing is appended after a unique completion
    /// (not even a space): identifiers are usually followed by `(`, `.` or
    /// `[`, and `axis:` by its value; return "axis: " to get a space.
    public var completer: (@MainActor (_ line: String, _ wordStart: Int, _ word: String) -> [String])?

    public var historyLimit = 1000 {
        didSet { stifle_history(Int32(clamping: max(historyLimit, 0))) }
    }

    var historyPath: String?
    var completionCandidates: [String] = []
    var completionIndex = 0
    private var result: LineEditorResult?

    private init() {
        // readline keeps these pointers, so they are leaked on purpose.
        rl_readline_name = UnsafePointer(strdup("dlrepl"))  // `$if dlrepl` in ~/.inputrc
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        rl_change_environment = 0  // setenv(LINES/COLUMNS) races with other threads
        stifle_history(Int32(historyLimit))
        installCompletion()
        Signals.installInterruptHandler()
        Signals.installResizeHandler()
    }

    /// Non-tty stdin (pipes, files) bypasses readline: no prompt is printed,
    /// so piped scripts produce clean output.
    public func readLine(prompt: String) -> LineEditorResult {
        guard isatty(STDIN_FILENO) != 0 else {
            return Self.readPlainLine().map(LineEditorResult.line) ?? .eof
        }
        _ = Signals.takeInterrupt()  // a Ctrl-C nobody consumed during evaluation is stale now
        Signals.drainWakePipe()
        if Signals.takeResize() { rl_reset_screen_size() }

        result = nil
        rl_callback_handler_install(prompt) { line in
            MainActor.assumeIsolated { LineEditor.shared.lineCompleted(line) }
        }
        while result == nil { waitAndDispatch() }
        fflush(stdout)
        return result ?? .eof
    }

    /// Plain stdio line reading for when stdin is not a terminal.
    public nonisolated static func readPlainLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    private func lineCompleted(_ line: UnsafeMutablePointer<CChar>?) {
        // Removing here (not after the loop) keeps readline from preparing
        // the terminal for another line we have not asked for.
        let readlineEndsEOFLine = Self.bracketedPasteEnabled
        rl_callback_handler_remove()
        guard let line else {
            // readline 8.2 ends the line itself on EOF only when it has to
            // turn bracketed paste off (its "\e[?2004l\r" needs a "\n").
            if !readlineEndsEOFLine { fputs("\n", stdout) }
            result = .eof
            return
        }
        result = .line(String(cString: line))
        free(line)
    }

    /// Off for TERM=dumb and with `set enable-bracketed-paste off`.
    private static var bracketedPasteEnabled: Bool {
        guard let value = rl_variable_value("enable-bracketed-paste") else { return false }
        return String(cString: value) == "on"
    }

    private func waitAndDispatch() {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: Signals.wakeReadFD.load(ordering: .acquiring), events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nfds_t(fds.count), -1)
        if ready < 0 {
            if errno != EINTR { abandonLine(marker: "", result: .eof) }
            return
        }
        if fds[1].revents != 0 { Signals.drainWakePipe() }
        if Signals.takeInterrupt() {
            abandonLine(marker: "^C", result: .interrupted)
            return
        }
        if Signals.takeResize() { rl_resize_terminal() }

        let input = fds[0].revents
        if input & Int16(POLLIN) != 0 {
            rl_callback_read_char()
        } else if input & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            abandonLine(marker: "", result: .eof)  // terminal went away
        }
    }

    /// Drops the partial line and leaves the terminal cooked with the cursor
    /// on a fresh line, so the next readLine starts clean.
    private func abandonLine(marker: String, result: LineEditorResult) {
        rl_callback_sigcleanup()  // leaves i-search, completion query, etc.
        rl_point = rl_end
        rl_redisplay()            // cursor to the end, so ^C does not overwrite text
        fputs(marker, stdout)
        rl_free_line_state()
        // Moves below wrapped lines and restores tty modes. With bracketed
        // paste on, readline then emits "\r", hence the marker came first.
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        fputs("\n", stdout)
        fflush(stdout)
        self.result = result
    }
}
