// GNU readline as a headless line-editing engine for the full-screen mode.
// Like LineEditor, the only code touching readline's C globals, hence the
// @preconcurrency import and the @MainActor singleton.
@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input line of the full-screen mode. The app feeds it keys; readline
/// edits the line (emacs/vi bindings, ~/.inputrc, history, completion,
/// Ctrl-R search) but writes nothing to the terminal: its redisplay hook
/// only copies the prompt, text and cursor here for the app to draw.
///
/// History is readline's, so it is shared with `LineEditor` (load, add and
/// save it there). Completion goes through `LineEditor.shared.completer`.
/// Only one of `ReadlineInput` (between `start` and `stop`) and
/// `LineEditor.readLine` may be in use at a time.
@MainActor
public final class ReadlineInput {
    public static let shared = ReadlineInput()

    /// The line being edited, as readline has it.
    public private(set) var line = ""
    /// Cursor position in `line`, in characters.
    public private(set) var cursor = 0
    /// The prompt readline displays now: the one given to `start`, or its
    /// own while searching (`(reverse-i-search)`…`': `).
    public private(set) var prompt = ""
    /// Completion candidates readline wants listed (after Tab on an ambiguous
    /// word, or a second Tab under the default `show-all-if-ambiguous off`).
    /// Cleared by the next key other than Tab, and when a line is accepted.
    public private(set) var candidates: [String] = []
    /// Called for each line accepted with Enter (after readline is done with
    /// it, so it may call back into this object). Not added to history:
    /// call `LineEditor.shared.addHistory` for that.
    public var onLine: (@MainActor (String) -> Void)?
    public private(set) var isActive = false

    /// Forwarded to `LineEditor.shared.completer`.
    public var completer: (@MainActor (_ line: String, _ wordStart: Int, _ word: String) -> [String])? {
        get { LineEditor.shared.completer }
        set { LineEditor.shared.completer = newValue }
    }

    private var basePrompt = ""
    private var queue: [UInt8] = []
    private var queueIndex = 0
    private var accepted: [String] = []
    private var nullStream: UnsafeMutablePointer<FILE>?
    private var saved: SavedHooks?

    private struct SavedHooks {
        // readline's typedefs import as Swift function types, so the C
        // pointer types are spelled out.
        var getc: (@convention(c) (UnsafeMutablePointer<FILE>?) -> Int32)?
        var redisplay: (@convention(c) () -> Void)?
        var prep: (@convention(c) (Int32) -> Void)?
        var deprep: (@convention(c) () -> Void)?
        var inputAvailable: (@convention(c) () -> Int32)?
        var displayMatches: (@convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, Int32, Int32) -> Void)?
        var outstream: UnsafeMutablePointer<FILE>?
        var bellStyle: String?
    }

    private init() {
        _ = LineEditor.shared  // readline settings, completion, signal handlers
    }

    /// Takes over readline until `stop`: input from `feed`, output nowhere.
    public func start(prompt: String) {
        guard !isActive else { setPrompt(prompt); return }
        isActive = true
        basePrompt = prompt
        queue.removeAll()
        queueIndex = 0
        saved = SavedHooks(
            getc: rl_getc_function, redisplay: rl_redisplay_function,
            prep: rl_prep_term_function, deprep: rl_deprep_term_function,
            inputAvailable: rl_input_available_hook,
            displayMatches: rl_completion_display_matches_hook,
            outstream: rl_outstream,
            bellStyle: rl_variable_value("bell-style").map { String(cString: $0) })
        if nullStream == nil { nullStream = fopen("/dev/null", "w") }

        rl_getc_function = { _ in MainActor.assumeIsolated { ReadlineInput.shared.nextByte() } }
        rl_input_available_hook = { MainActor.assumeIsolated { ReadlineInput.shared.hasInput ? 1 : 0 } }
        rl_redisplay_function = { MainActor.assumeIsolated { ReadlineInput.shared.capture() } }
        rl_prep_term_function = { _ in }
        rl_deprep_term_function = {}
        rl_completion_display_matches_hook = { matches, count, _ in
            // Pointers are not Sendable: they cross assumeIsolated as an integer.
            let address = UInt(bitPattern: matches)
            MainActor.assumeIsolated {
                ReadlineInput.shared.captureCandidates(
                    UnsafeMutablePointer(bitPattern: address), Int(count))
            }
        }
        rl_outstream = nullStream
        install()
        // readline rings the bell on stderr, straight onto our screen.
        rl_variable_bind("bell-style", "none")
        // Keys the app translates to these sequences, in case neither
        // readline's defaults nor terminfo bound them.
        _ = rl_bind_keyseq_if_unbound("\u{1B}[3~", rl_delete)
        _ = rl_bind_keyseq_if_unbound("\u{1B}[H", rl_beg_of_line)
        _ = rl_bind_keyseq_if_unbound("\u{1B}[F", rl_end_of_line)
    }

    /// Gives readline back to `LineEditor` (prompt and output on the terminal).
    public func stop() {
        guard isActive else { return }
        abandonLine()
        rl_callback_handler_remove()
        if let saved {
            rl_getc_function = saved.getc
            rl_redisplay_function = saved.redisplay
            rl_prep_term_function = saved.prep
            rl_deprep_term_function = saved.deprep
            rl_input_available_hook = saved.inputAvailable
            rl_completion_display_matches_hook = saved.displayMatches
            rl_outstream = saved.outstream
            if let bell = saved.bellStyle { rl_variable_bind("bell-style", bell) }
        }
        saved = nil
        isActive = false
        line = ""
        cursor = 0
        candidates = []
    }

    /// A new prompt, shown at once; the line being edited is kept.
    public func setPrompt(_ prompt: String) {
        basePrompt = prompt
        guard isActive else { return }
        rl_set_prompt(prompt)
        capture()
    }

    /// One key, translated to the bytes readline expects. Not fed: Ctrl-C
    /// (the app's; see `clearLine`), Ctrl-D on an empty line (the app's EOF;
    /// on a non-empty line it deletes the character under the cursor),
    /// PageUp/PageDown, F-keys, mouse and resize (unbound in readline, whose
    /// fallback would insert stray characters).
    public func feed(_ key: Key) {
        guard isActive else { return }
        if key != .tab { candidates = [] }
        feed(bytes: Self.bytes(for: key, lineIsEmpty: line.isEmpty))
    }

    /// Raw bytes as if typed (a paste; `\r` or `\n` accepts the line).
    public func feed(bytes: [UInt8]) {
        guard isActive, !bytes.isEmpty else { return }
        queue.append(contentsOf: bytes)
        while queueIndex < queue.count {
            let before = queueIndex
            rl_callback_read_char()
            if queueIndex == before { queueIndex += 1 }  // cannot happen; never spin
        }
        queue.removeAll(keepingCapacity: true)
        queueIndex = 0
        deliverLines()
    }

    /// Drops the line being edited and whatever readline was in the middle
    /// of (search, completion, numeric argument); history moves back to the
    /// end. For Ctrl-C.
    public func clearLine() {
        guard isActive else { return }
        candidates = []
        abandonLine()
        rl_callback_handler_remove()
        install()
    }

    /// `LineEditor.shared.addHistory`, plus moving readline's history
    /// position to the end so Up recalls this line next.
    public func addHistory(_ line: String) {
        LineEditor.shared.addHistory(line)
        using_history()
    }

    /// The bytes readline expects for `key`; empty for keys it must not see.
    public static func bytes(for key: Key, lineIsEmpty: Bool) -> [UInt8] {
        let esc: UInt8 = 0x1B
        switch key {
        case .char(let character): return Array(String(character).utf8)
        case .enter: return [0x0D]
        case .backspace: return [0x7F]
        case .tab: return [0x09]
        case .escape: return [esc]
        case .up: return [esc, 0x5B, 0x41]
        case .down: return [esc, 0x5B, 0x42]
        case .right: return [esc, 0x5B, 0x43]
        case .left: return [esc, 0x5B, 0x44]
        case .home: return [esc, 0x5B, 0x48]
        case .end: return [esc, 0x5B, 0x46]
        case .delete: return [esc, 0x5B, 0x33, 0x7E]
        case .ctrl(let character):
            guard let ascii = character.asciiValue else { return [] }
            let code = ascii & 0x1F
            if code == 0x03 { return [] }  // Ctrl-C: the app's
            if code == 0x04 { return lineIsEmpty ? [] : [esc, 0x5B, 0x33, 0x7E] }
            return [code]
        // Readline's Meta-b and Meta-f: a word back and forward, as Ctrl-← → do in a shell.
        case .ctrlLeft: return [esc, UInt8(ascii: "b")]
        case .ctrlRight: return [esc, UInt8(ascii: "f")]
        case .pageUp, .pageDown, .ctrlUp, .ctrlDown, .f, .mouseWheelUp, .mouseWheelDown, .resize:
            return []
        }
    }

    // MARK: - readline hooks

    private func install() {
        Screen.preservingCurrentTerminal {
            rl_callback_handler_install(basePrompt) { line in
                // The pointer crosses assumeIsolated as an integer (not Sendable).
                let address = UInt(bitPattern: line)
                MainActor.assumeIsolated {
                    ReadlineInput.shared.lineHandler(UnsafeMutablePointer(bitPattern: address))
                }
            }
        }
        capture()
    }

    private func abandonLine() {
        rl_callback_sigcleanup()
        rl_free_line_state()
        rl_cleanup_after_signal()  // our deprep hook makes it write nothing to the tty
        rl_replace_line("", 1)
        rl_point = 0
        rl_end = 0
        rl_mark = 0
        using_history()  // Up starts from the newest entry again
    }

    private var hasInput: Bool { queueIndex < queue.count }

    private func nextByte() -> Int32 {
        guard queueIndex < queue.count else {
            // readline asked for more than one key's worth: give it a NUL
            // (set-mark) rather than EOF, which would end the session.
            return 0
        }
        defer { queueIndex += 1 }
        return Int32(queue[queueIndex])
    }

    private func capture() {
        if let buffer = rl_line_buffer {
            let end = max(0, Int(rl_end))
            let point = max(0, min(Int(rl_point), end))
            let raw = UnsafeRawBufferPointer(start: buffer, count: end)
            line = String(decoding: raw, as: UTF8.self)
            cursor = String(decoding: raw.prefix(point), as: UTF8.self).count
        } else {
            line = ""
            cursor = 0
        }
        let shown = rl_display_prompt ?? rl_prompt
        prompt = shown.map { Self.visiblePrompt(String(cString: $0)) } ?? basePrompt
    }

    private func captureCandidates(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int) {
        guard let matches, count > 0 else { candidates = []; return }
        // matches[0] is the common prefix; the candidates follow.
        candidates = (1...count).compactMap { matches[$0].map { String(cString: $0) } }
        capture()
    }

    private func lineHandler(_ text: UnsafeMutablePointer<CChar>?) {
        guard let text else { return }  // EOF: we never feed one
        accepted.append(String(cString: text))
        free(text)
        candidates = []
    }

    private func deliverLines() {
        while !accepted.isEmpty {
            let text = accepted.removeFirst()
            onLine?(text)
        }
        using_history()  // so Up finds what onLine added to history
    }

    /// Without readline's invisible-character markers and what they enclose.
    static func visiblePrompt(_ prompt: String) -> String {
        var out = ""
        var hidden = false
        for scalar in prompt.unicodeScalars {
            switch scalar {
            case "\u{01}": hidden = true
            case "\u{02}": hidden = false
            default: if !hidden { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
