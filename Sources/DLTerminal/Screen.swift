// The only file that touches ncurses. Its C globals (stdscr, COLORS,
// cur_term) need @preconcurrency; Screen is @MainActor, which is what makes
// that sound: curses is single-threaded and all access happens here.
@preconcurrency import CNcurses
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The full-screen terminal: draws `Buffer` frames (writing only what
/// changed) and reads keys. Input never goes through curses: `keypad` stays
/// off and stdin is read raw, so readline gets the bytes it expects.
@MainActor
public final class Screen {
    public let colors: ColorSupport
    /// False when the locale's codeset is not UTF-8: the app should draw
    /// ASCII (`draw` replaces anything else anyway, see `Palette.ascii`).
    public let isUTF8: Bool

    private let window: UnsafeMutablePointer<WINDOW>
    private var lastFrame: Buffer?
    private var decoder = KeyDecoder()
    private var cursor = (x: 0, y: 0, visible: true)
    private var cursorShown: Bool?
    private var isOpen = true
    private var pairs: [Style: (attributes: attr_t, pair: Int16)] = [:]

    static let mouseOn: StaticString = "\u{1B}[?1000h\u{1B}[?1006h"
    static let mouseOff: StaticString = "\u{1B}[?1006l\u{1B}[?1000l"
    /// How long a lone ESC waits for the rest of an escape sequence.
    public static let escapeTimeoutMs: Int32 = 25

    private init(window: UnsafeMutablePointer<WINDOW>, colors: ColorSupport, isUTF8: Bool) {
        self.window = window
        self.colors = colors
        self.isUTF8 = isUTF8
    }

    /// Nil (and nothing written to the terminal) when stdin or stdout is not
    /// a terminal, TERM is unset, dumb or unknown, or the terminal cannot
    /// move the cursor: the caller then falls back to the plain REPL.
    public static func open() -> Screen? {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { return nil }
        setlocale(LC_ALL, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        let isUTF8 = ["utf-8", "utf8"].contains(codeset.lowercased())

        guard let term = environment("TERM"), term != "dumb", canAddressCursor(term) else { return nil }

        // Our handlers must be in place before newterm: ncurses only installs
        // its own SIGWINCH/SIGTERM handlers where none exists.
        Signals.installResizeHandler()
        TerminalGuard.install()

        // Streams of our own on fds 1 and 0: the C globals stdout/stdin are not
        // concurrency-safe in Swift 6, and curses only needs a FILE for each fd.
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
              let screen = newterm(term, output, input), let window = stdscr else {
            TerminalGuard.deactivate()
            return nil
        }
        set_term(screen)
        raw()        // Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys
        noecho()
        nonl()       // Enter arrives as \r, and \n moves down without \r on output
        keypad(window, false)
        intrflush(window, false)
        leaveok(window, false)
        scrollok(window, false)

        var support = ColorSupport.none
        let noColor = environment("NO_COLOR") != nil
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            support = ColorSupport(terminalColors: Int(COLORS), noColor: false)
        }
        let result = Screen(window: window, colors: support, isUTF8: isUTF8)
        result.initPairs()
        _ = Signals.takeResize()  // a resize before now is already in LINES/COLS
        werase(window)
        wrefresh(window)
        writeRaw(mouseOn)
        TerminalGuard.screenOpened()
        return result
    }

    /// Terminal size in cells.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Writes the cells that differ from the last drawn frame (everything
    /// after `open`, a resize or `invalidate`) and puts the cursor back.
    public func draw(_ buffer: Buffer) {
        guard isOpen else { return }
        let (width, height) = size
        if lastFrame == nil { werase(window) }
        for change in FrameDiff.changes(from: lastFrame, to: buffer) {
            guard change.y < height, change.x < width else { continue }
            // Never write into the next line: curses would wrap.
            var text = String(change.text.prefix(width - change.x))
            if !isUTF8 { text = String(text.map(Palette.ascii)) }
            let (attributes, pair) = look(change.style)
            wattr_set(window, attributes, pair, nil)
            mvwaddstr(window, Int32(change.y), Int32(change.x), text)
        }
        wattr_set(window, dl_A_NORMAL, 0, nil)
        lastFrame = buffer
        placeCursor()
        wrefresh(window)
    }

    /// Forgets the last frame, so the next `draw` repaints everything.
    public func invalidate() {
        lastFrame = nil
        clearok(window, true)
    }

    public func setCursor(x: Int, y: Int, visible: Bool) {
        guard isOpen else { return }
        let changed = cursor != (x, y, visible)
        cursor = (x, y, visible)
        if changed {
            placeCursor()
            wrefresh(window)
        }
    }

    private func placeCursor() {
        let (width, height) = size
        if cursorShown != cursor.visible {
            curs_set(cursor.visible ? 1 : 0)
            cursorShown = cursor.visible
        }
        wmove(window, Int32(max(0, min(cursor.y, height - 1))), Int32(max(0, min(cursor.x, width - 1))))
    }

    /// Restores the terminal: leaves the alternate screen, cooked mode,
    /// cursor shown, mouse reporting off. Idempotent.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Self.writeRaw(Self.mouseOff)
        if dl_tigetstr("rmcup") == nil {
            // No alternate screen (TERM=linux): do not leave the UI behind.
            werase(window)
            wrefresh(window)
        }
        curs_set(1)
        endwin()
        TerminalGuard.screenClosed()
    }

    // MARK: - Input

    /// Keys typed since the last call, waiting up to `timeoutMs` for the
    /// first (0: just look). Returns early, possibly with no keys, when a
    /// signal arrives; a window-size change yields `.resize` after the new
    /// size is in effect. Check `TerminalGuard.pendingTermination` after.
    public func readKeys(timeoutMs: Int) -> [Key] {
        guard isOpen else { return [] }
        var keys: [Key] = []
        if takeResize() { keys.append(.resize) }
        if TerminalGuard.pendingTermination != nil { return keys }

        let wakeFD = Signals.wakeReadFD.load(ordering: .acquiring)
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nfds_t(fds.count), keys.isEmpty ? Int32(clamping: timeoutMs) : 0)
        if ready > 0 {
            if fds[1].revents != 0 { Signals.drainWakePipe() }
            if fds[0].revents & Int16(POLLIN) != 0 {
                keys += readAvailable()
                // The rest of an escape sequence follows within milliseconds;
                // a lone ESC does not.
                while decoder.hasPending {
                    var more = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                    if poll(&more, 1, Self.escapeTimeoutMs) > 0, more.revents & Int16(POLLIN) != 0 {
                        let before = keys.count
                        keys += readAvailable()
                        if keys.count == before && !decoder.hasPending { break }
                    } else {
                        keys += decoder.flush()
                    }
                }
            } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                TerminalGuard.terminalLost()
            }
        }
        if takeResize() && !keys.contains(.resize) { keys.append(.resize) }
        return keys
    }

    private func readAvailable() -> [Key] {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(STDIN_FILENO, &bytes, bytes.count)
        if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
            TerminalGuard.terminalLost()
            return decoder.flush()
        }
        guard count > 0 else { return [] }
        return decoder.decode(bytes[0..<count])
    }

    /// Applies a pending SIGWINCH: curses learns the new size, and the next
    /// draw repaints the whole screen.
    private func takeResize() -> Bool {
        guard Signals.takeResize() else { return false }
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 {
            resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        }
        invalidate()
        return true
    }

    // MARK: - Colours

    private func initPairs() {
        guard colors != .none else { return }
        var next: Int16 = 1
        var pairOf: [Int: Int16] = [:]  // foreground → pair
        for role in Role.allCases {
            guard let fg = Palette.appearance(of: role, colors: colors).foreground, pairOf[fg] == nil else { continue }
            guard Int(next) < Int(COLOR_PAIRS), fg < Int(COLORS) else { continue }
            init_pair(next, Int16(fg), -1)
            pairOf[fg] = next
            next += 1
        }
        for role in Role.allCases {
            for bold in [false, true] {
                for reverse in [false, true] {
                    let style = Style(role, bold: bold, reverse: reverse)
                    let look = Palette.appearance(of: style, colors: colors)
                    var attributes = dl_A_NORMAL
                    if look.bold { attributes |= dl_A_BOLD }
                    if look.dim { attributes |= dl_A_DIM }
                    if look.reverse { attributes |= dl_A_REVERSE }
                    pairs[style] = (attributes, look.foreground.flatMap { pairOf[$0] } ?? 0)
                }
            }
        }
    }

    private func look(_ style: Style) -> (attr_t, Int16) {
        if let cached = pairs[style] { return cached }
        let look = Palette.appearance(of: style, colors: colors)
        var attributes = dl_A_NORMAL
        if look.bold { attributes |= dl_A_BOLD }
        if look.dim { attributes |= dl_A_DIM }
        if look.reverse { attributes |= dl_A_REVERSE }
        pairs[style] = (attributes, 0)
        return (attributes, 0)
    }

    // MARK: - Helpers

    /// TERM must be known to terminfo and have cursor addressing. Checked
    /// with setupterm, which (unlike initscr) reports instead of exiting.
    private static func canAddressCursor(_ term: String) -> Bool {
        var error: Int32 = 0
        guard setupterm(term, STDOUT_FILENO, &error) == OK else { return false }
        let ok = dl_tigetstr("cup") != nil
        if let terminal = cur_term { del_curterm(terminal) }
        return ok
    }

    /// Runs `body` (which may call tgetent, as readline's first
    /// initialisation does) and then makes curses' terminal current again.
    static func preservingCurrentTerminal(_ body: () -> Void) {
        let terminal = cur_term
        body()
        if let terminal, cur_term != terminal { _ = set_curterm(terminal) }
    }

    static func writeRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes in
            _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count)
        }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}
