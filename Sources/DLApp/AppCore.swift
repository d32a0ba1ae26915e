import FileIO
import TextFormat
import DLLang
import DLLessons
import DLTerminal

/// The notebook's behaviour, apart from the terminal: what keys and worker
/// messages do to the state, running cells, saving and autosaving.
public final class AppCore {
    public private(set) var state = AppState()
    public let worker: Worker
    public var completion = CompletionData()
    /// The picture at the end of a running cell's output, which the next
    /// picture from the same call replaces.
    private var lastPicture: (cell: Int, key: String, bytes: Int)?
    let autosavePath: String?

    /// `opensLesson`: the screen opens straight into a lesson, which restores
    /// its own state, so the last session's notebook is not offered.
    public init(worker: Worker, notebookPath: String?, autosavePath: String?, offer: CourseOffer? = nil, opensLesson: Bool = false) {
        self.worker = worker
        self.autosavePath = autosavePath
        state.courseOffer = notebookPath == nil ? offer : nil
        state.notebookPath = notebookPath
        if let notebookPath, let bytes = try? FileBytes.read(notebookPath) {
            state.notebook = NotebookFile.parse(String(decoding: bytes, as: UTF8.self))
            state.status = "opened \(notebookPath): \(state.notebook.codeCells.count) cells, not run yet (type run all)"
        } else if notebookPath == nil, let autosavePath, let bytes = try? FileBytes.read(autosavePath) {
            let saved = NotebookFile.parse(String(decoding: bytes, as: UTF8.self))
            // A lesson restores its own state when reopened: the course offer stands in for the restore.
            let wasLesson = saved.codeCells.first.map { saved.cells[$0].source.hasPrefix("lesson(") } ?? false
            state.offeringRestore = !saved.codeCells.isEmpty && !opensLesson && !(wasLesson && offer != nil)
        }
    }

    // MARK: - Entries typed at the prompt

    /// A complete entry from the input line: a command or code for a new cell.
    public func submit(_ entry: String) {
        var trimmed = entry.trimmingSpaces
        if trimmed.isEmpty {
            // Enter on an empty line takes the course offer.
            guard let offer = state.courseOffer, state.notebook.cells.isEmpty else { return }
            trimmed = "lesson(\"\(offer.lesson)\")"
            state.courseOffer = nil
            let index = state.notebook.append(trimmed)
            enqueue(index)
            return
        }
        state.courseOffer = nil
        switch trimmed {
        case "exit", "quit": state.quit = true
        case "save": save()
        case "run all": runAll()
        default:
            let index = state.notebook.append(entry)
            enqueue(index)
        }
        state.scroll = 0
    }

    /// `interactive: false` (run all): steppers print as text instead of
    /// waiting for keys, so the queue never stalls at a `backprop` cell.
    func enqueue(_ index: Int, interactive: Bool = true) {
        state.notebook.cells[index].output = ""
        state.notebook.cells[index].errors = []
        state.notebook.cells[index].tints = []
        if state.running == nil {
            state.running = index
        } else {
            state.queued.append(index)
        }
        worker.run(cell: index, source: state.notebook.cells[index].source, interactive: interactive)
    }

    public func runAll() {
        for i in state.notebook.codeCells { enqueue(i, interactive: false) }
        state.status = "running \(state.notebook.codeCells.count) cells"
    }

    public func answerRestore(_ yes: Bool) {
        state.offeringRestore = false
        guard yes, let autosavePath, let bytes = try? FileBytes.read(autosavePath) else {
            state.status = "started a new session"
            return
        }
        state.notebook = NotebookFile.parse(String(decoding: bytes, as: UTF8.self))
        state.status = "restored \(state.notebook.codeCells.count) cells (not run: type run all)"
    }

    // MARK: - Saving

    public func save() {
        let path = state.notebookPath ?? "notebook.md"
        do {
            try AtomicFile.write(Array(NotebookFile.render(state.notebook).utf8), to: path)
            state.notebookPath = path
            state.status = "saved \(path)"
        } catch {
            state.status = "could not save: \(error)"
        }
    }

    /// After every finished cell, so a crash or a closed terminal loses nothing.
    func autosave() {
        guard let autosavePath else { return }
        let dir = String(autosavePath[..<(autosavePath.lastIndex(of: "/") ?? autosavePath.startIndex)])
        DataDirectory.ensure(dir)
        try? AtomicFile.write(Array(NotebookFile.render(state.notebook).utf8), to: autosavePath)
    }

    // MARK: - Worker messages

    public func receive(_ message: WorkerMessage) {
        switch message {
        case .output(let text, let isError):
            guard let i = state.running else { return }
            let start = state.notebook.cells[i].output.utf8.count
            state.notebook.cells[i].output += text
            if isError { state.notebook.cells[i].errors.append(start..<(start + text.utf8.count)) }
            lastPicture = nil
        case .picture(let text, let key, let tints):
            guard let i = state.running else { return }
            var output = state.notebook.cells[i].output
            // Only the very last output is replaced: anything printed after a
            // picture stays, and so does the picture before it.
            if let key, let last = lastPicture, last.cell == i, last.key == key, output.utf8.count >= last.bytes {
                output = String(decoding: output.utf8.dropLast(last.bytes), as: UTF8.self)
                let end = output.utf8.count
                state.notebook.cells[i].tints.removeAll { $0.range.upperBound > end }
            }
            let start = output.utf8.count
            state.notebook.cells[i].output = output + text
            state.notebook.cells[i].tints += tints.map { Notebook.Tint(range: ($0.range.lowerBound + start)..<($0.range.upperBound + start), level: $0.level) }
            lastPicture = key.map { (i, $0, text.utf8.count) }
        case .training(let snapshot):
            // A cell that trains (fit, or a loop's track calls) brings its chart into view.
            if !snapshot.finished, !chartShownInCell, state.narrowPanel == .lesson { state.narrowPanel = .loss }
            chartShownInCell = true
            // A new fit's panels start at its end, not at an old fit's epoch.
            if !snapshot.finished { state.scrub = nil; state.moment = nil }
            state.training = snapshot
        case .cellFinished(let index, let ok):
            state.notebook.finished(index, output: state.notebook.cells[index].output, ok: ok)
            if state.training?.finished == false { state.training?.finished = true }
            state.running = state.queued.isEmpty ? nil : state.queued.removeFirst()
            if state.running == nil && state.status == "stopping…" { state.status = nil }
            // After each cell of a lesson, its step comes back into view (below 100 columns).
            if state.lesson != nil { state.narrowPanel = .lesson }
            stepChangedInCell = false
            chartShownInCell = false
            autosave()
        case .completion(let data):
            completion = data
        case .moment(let m):
            state.moment = m
        case .backprop(let p):
            open(.backprop(p, step: 0, expanded: false))
        case .graph(let tree):
            open(.graph(GraphOutline(tree)))
        case .lesson(let pane):
            if pane?.stepLine != state.lesson?.stepLine {
                state.lessonScroll = 0
                state.waitingInspector = nil
                stepChangedInCell = true
            }
            state.lesson = pane
        }
    }

    /// True from a new lesson step's pane until the cell ends: a stepper the
    /// step's `run:` opens then waits until the learner has read the text.
    private var stepChangedInCell = false
    /// The running cell's chart was brought into view once; F8 may leave it.
    private var chartShownInCell = false

    private func open(_ inspector: AppState.Inspector) {
        if stepChangedInCell {
            state.waitingInspector = inspector
        } else {
            state.inspector = inspector
        }
    }

    // MARK: - Control keys

    public func togglePause() {
        guard state.running != nil, state.training?.finished == false, state.training?.trackedOnly == false else { return }
        worker.control.setPaused(!worker.control.isPaused)
    }

    /// Esc / Ctrl-C while busy: stop the running cell and drop the queued ones.
    public func stop() {
        guard state.isBusy else { return }
        for i in worker.cancelQueued() { state.notebook.cells[i].state = .notRun }
        state.queued = []
        worker.control.setPaused(false)
        worker.control.requestStop()
        state.status = "stopping…"
    }

    public func scroll(by lines: Int) { state.scroll = max(0, state.scroll + lines) }

    /// Keys while a backward pass or a graph is shown (see `AppState.inspectorKey`).
    public func inspectorKey(_ key: Key) { state.inspectorKey(key) }
    public func setMonochrome(_ m: Bool) {
        state.monochrome = m
        worker.setColors(!m)
    }

    /// One key: the state changes as `AppState.update` says, and the commands
    /// the core can carry out are done here. Returns those left for the
    /// terminal (typing into the input line, clearing it, redrawing).
    public func handle(_ key: Key, lineIsEmpty: Bool, width: Int = 80, height: Int) -> [AppCommand] {
        let (next, commands) = AppState.update(state, key, lineIsEmpty: lineIsEmpty, width: width, height: height)
        state = next
        var left: [AppCommand] = []
        for command in commands {
            switch command {
            case .submit(let entry): submit(entry)
            case .togglePause: togglePause()
            case .stop: stop()
            case .save: save()
            case .answerRestore(let yes): answerRestore(yes)
            case .drawMoment(let epoch): worker.drawMoment(epoch: epoch)
            case .type, .clearInput, .redraw: left.append(command)
            }
        }
        return left
    }

    public func setInput(prompt: String, line: String, cursor: Int, completions: [String]) {
        state.prompt = prompt
        state.inputLine = line
        state.inputCursor = cursor
        state.completions = completions
    }

    public func setUnicode(_ u: Bool) {
        state.unicode = u
        worker.setUnicode(u)
    }
    public func clearStatus() { state.status = nil }
}
