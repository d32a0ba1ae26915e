#if canImport(Glibc)
import Glibc
#endif
import FileIO
import DLLang
import DLLessons
import DLTerminal

/// The full-screen notebook: reads keys, feeds readline, runs cells on the
/// worker, and redraws at 20 frames per second while anything happens.
@MainActor
public final class App {
    let screen: Screen
    let core: AppCore
    let input = ReadlineInput.shared
    private var pending = ""
    private let historyPath: String

    /// Nil when this terminal cannot show the screen (the caller falls back to the plain REPL).
    /// With `lesson`, that lesson opens at once.
    public init?(notebookPath: String?, lesson: String?, host: SessionHost) {
        guard let screen = Screen.open() else { return nil }
        self.screen = screen
        let dataDir = DataDirectory.path(app: "dlrepl")
        historyPath = dataDir + "/history"
        let offer = lesson == nil ? host.courseOffer() : nil
        let worker = Worker(host: host)
        worker.start()
        core = AppCore(worker: worker, notebookPath: notebookPath, autosavePath: dataDir + "/autosave.md", offer: offer,
                       opensLesson: lesson != nil)
        if let lesson { core.submit("lesson(\"\(lesson)\")") }
    }

    public func run() {
        LineEditor.shared.loadHistory(from: historyPath)
        input.completer = { [unowned self] line, _, word in self.core.completion.candidates(line: line, word: word) }
        input.onLine = { [unowned self] line in self.entered(line) }
        input.start(prompt: "dl> ")
        defer { shutDown() }
        // The crash path (terminal restored, cause shown, no interactive
        // reporter) can only be tested end to end with a real crash, and no
        // input crashes on purpose: the CLI tests ask for one here.
        let crashForTest = getenv("DLREPL_TEST_CRASH") != nil
        while !core.state.quit {
            draw()
            if crashForTest { fatalError("crash requested by DLREPL_TEST_CRASH") }
            let keys = screen.readKeys(timeoutMs: 50)
            if let sig = TerminalGuard.pendingTermination {
                shutDown()
                TerminalGuard.finishTermination(sig)
            }
            for key in keys { handle(key) }
            for message in core.worker.mailbox.takeAll() { core.receive(message) }
        }
    }

    private var closed = false

    private func shutDown() {
        guard !closed else { return }
        closed = true
        input.stop()
        screen.close()
        _ = LineEditor.shared.saveHistory()
    }

    private var drawn: (state: AppState, width: Int, height: Int)?

    private func draw() {
        let (w, h) = screen.size
        core.setInput(prompt: input.prompt, line: input.line, cursor: input.cursor, completions: input.candidates)
        core.setUnicode(screen.isUTF8)
        core.setMonochrome(screen.colors == .none)
        // A cell's output has the notebook's width (half the screen beside
        // the panels) less its two borders and the gutter of cell labels.
        let notebook = w >= View.wideWidth && core.state.training != nil ? w / 2 : w
        core.worker.setTableWidth(notebook - 2 - View.gutter)
        // Nothing changed, nothing to draw: the training thread keeps the CPU.
        if let d = drawn, d.width == w, d.height == h, d.state == core.state { return }
        drawn = (core.state, w, h)
        screen.draw(View.render(core.state, width: w, height: h))
        if let c = View.cursor(core.state, width: w, height: h) {
            screen.setCursor(x: c.x, y: c.y, visible: true)
        } else {
            screen.setCursor(x: 0, y: 0, visible: false)
        }
    }

    private func entered(_ line: String) {
        pending += pending.isEmpty ? line : "\n" + line
        if InputCompleteness.needsMoreInput(pending) {
            input.setPrompt("... ")
            return
        }
        let entry = pending
        pending = ""
        input.setPrompt("dl> ")
        input.addHistory(entry)
        _ = LineEditor.shared.saveHistory()
        core.submit(entry)
    }

    /// What a key means is `AppState.update`'s (tested without a terminal);
    /// here only what touches the terminal is done.
    private func handle(_ key: Key) {
        let (w, h) = screen.size
        for command in core.handle(key, lineIsEmpty: input.line.isEmpty && pending.isEmpty, width: w, height: h) {
            switch command {
            case .type(let key): input.feed(key)
            case .clearInput:
                pending = ""
                input.setPrompt("dl> ")
                input.clearLine()
            case .redraw:
                screen.invalidate()
                drawn = nil
            default: break
            }
        }
    }
}
