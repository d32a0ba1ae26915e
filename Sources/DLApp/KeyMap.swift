import DLTerminal

/// What a key means in the notebook, as data. No binding is a key that
/// types a character: letters, digits, space and punctuation always reach
/// the input line, on an empty line too and while `fit` runs. Modal views
/// (the backprop stepper, the graph, the help overlay, the restore question)
/// take their keys before this map is read.
public enum KeyAction: Equatable, Sendable {
    case help, save
    /// A lesson command, run as if typed (only when a lesson is open and nothing runs).
    case lesson(String)
    case nextPanel
    /// Pause or resume the running fit.
    case pause
    case logScale
    /// Stop the running cell (Ctrl-C also clears the input line when nothing runs).
    case stop
    /// Scroll the notebook by half a screen (+1 up, -1 down) or three lines (wheel).
    case scrollNotebook(Int)
    case wheel(Int)
    /// Scroll the lesson step's text by a line (+1 down, -1 up).
    case scrollLesson(Int)
    /// Move through a finished fit's epochs (-1 earlier, +1 later); with no
    /// fit to move through, the input line's cursor moves a word.
    case scrub(Int)
    /// Ctrl-D on an empty line.
    case quit
}

public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let action: KeyAction
    /// The name a learner reads in the status bar and the help (`F9`, `Esc`).
    public let name: String

    init(_ keys: [Key], _ action: KeyAction, _ name: String) {
        self.keys = keys; self.action = action; self.name = name
    }
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding([.f(1)], .help, "F1"),
        KeyBinding([.f(2), .ctrl("s")], .save, "F2"),
        KeyBinding([.f(3)], .lesson("hint()"), "F3"),
        KeyBinding([.f(4)], .lesson("solution()"), "F4"),
        KeyBinding([.f(5)], .lesson("skip()"), "F5"),
        KeyBinding([.f(6)], .lesson("back()"), "F6"),
        KeyBinding([.f(7)], .lesson("next()"), "F7"),
        KeyBinding([.f(8)], .nextPanel, "F8"),
        KeyBinding([.f(9)], .pause, "F9"),
        KeyBinding([.f(10)], .logScale, "F10"),
        KeyBinding([.escape, .ctrl("c")], .stop, "Esc"),
        KeyBinding([.pageUp], .scrollNotebook(1), "PgUp"),
        KeyBinding([.pageDown], .scrollNotebook(-1), "PgDn"),
        KeyBinding([.mouseWheelUp], .wheel(1), "wheel"),
        KeyBinding([.mouseWheelDown], .wheel(-1), "wheel"),
        KeyBinding([.ctrlUp, .f(11)], .scrollLesson(-1), "Ctrl-↑"),
        KeyBinding([.ctrlDown, .f(12)], .scrollLesson(1), "Ctrl-↓"),
        KeyBinding([.ctrlLeft], .scrub(-1), "Ctrl-←"),
        KeyBinding([.ctrlRight], .scrub(1), "Ctrl-→"),
        KeyBinding([.ctrl("d")], .quit, "Ctrl-D"),
    ]

    public static func action(for key: Key) -> KeyAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The name of the key for `action` (for the status bar and help).
    public static func name(_ action: KeyAction) -> String {
        bindings.first { $0.action == action }?.name ?? "?"
    }
}

/// What a key asks of the world outside the state: the terminal's input
/// line, the worker, the disk.
public enum AppCommand: Equatable, Sendable {
    /// Feed the key to the input line (readline).
    case type(Key)
    /// Run an entry as if typed (a lesson command, `exit`).
    case submit(String)
    case togglePause, stop, save
    /// Ask the worker for a finished fit's panels at this kept epoch.
    case drawMoment(Int)
    /// Ctrl-C with nothing running: drop the line being typed.
    case clearInput
    case answerRestore(Bool)
    /// The terminal was resized: draw everything again.
    case redraw
}

extension AppState {
    /// The notebook's answer to one key: the new state and what must happen
    /// outside it. `lineIsEmpty`: nothing is typed at the prompt (nor held
    /// in an open bracket). `width`, `height`: the screen's size (PgUp
    /// scrolls half of it; the step's text scrolls no further than its end).
    public static func update(_ state: AppState, _ key: Key, lineIsEmpty: Bool, width: Int = 80, height: Int) -> (AppState, [AppCommand]) {
        var s = state
        if key == .resize { return (s, [.redraw]) }
        s.status = nil
        if s.offeringRestore {
            switch key {
            case .char("y"), .char("Y"): return (s, [.answerRestore(true)])
            case .char("n"), .char("N"), .escape, .enter: return (s, [.answerRestore(false)])
            default: return (s, [])
            }
        }
        if s.showHelp {
            // Any key closes the help; a key that types still types.
            s.showHelp = false
            if case .char = key { return (s, [.type(key)]) }
            return (s, [])
        }
        if s.inspector != nil {
            s.inspectorKey(key)
            return (s, [])
        }
        // A stepper held back while the step's text is read opens on Enter.
        if key == .enter, lineIsEmpty, let waiting = s.waitingInspector {
            s.inspector = waiting
            s.waitingInspector = nil
            return (s, [])
        }
        guard let action = KeyMap.action(for: key) else {
            // Every key that types reaches the input line.
            return (s, key == .escape ? [] : [.type(key)])
        }
        let lessonIdle = s.lesson != nil && !s.isBusy
        switch action {
        case .help: s.showHelp = true
        case .save: return (s, [.save])
        case .lesson(let command): return (s, lessonIdle ? [.submit(command)] : [])
        case .nextPanel: s.nextPanel(wide: s.training != nil && width >= View.wideWidth)
        case .pause: return (s, s.isFitting ? [.togglePause] : [])
        case .logScale: if s.training != nil { s.logScale.toggle() }
        case .stop:
            if s.isBusy { return (s, [.stop]) }
            // A lone Esc is not fed: readline would take it as a Meta prefix.
            return (s, key == .ctrl("c") ? [.clearInput] : [])
        case .scrollNotebook(let d): s.scroll = max(0, s.scroll + d * max(3, height / 2))
        case .wheel(let d): s.scroll = max(0, s.scroll + d * 3)
        case .scrollLesson(let d):
            guard let pane = s.lesson else { return (s, [.type(key == .ctrlUp ? .up : key == .ctrlDown ? .down : key)]) }
            // Scrolling the step in the narrow layout shows it.
            if s.training != nil && width < View.wideWidth { s.narrowPanel = .lesson }
            let paneWidth = s.training != nil && width >= View.wideWidth ? width / 2 : width
            let limit = LessonPaneView.layout(pane, Rect(x: 0, y: 0, width: paneWidth, height: height - 2), scroll: 0).maxScroll
            s.lessonScroll = min(max(0, s.lessonScroll + 3 * d), limit)
        case .scrub(let d):
            guard s.canScrub else { return (s, [.type(key)]) }
            s.moveScrub(d)
            if let epoch = s.scrubEpoch, s.moment?.epoch != epoch { return (s, [.drawMoment(epoch)]) }
        case .quit:
            // On a non-empty line Ctrl-D deletes the character under the cursor.
            return (s, lineIsEmpty ? [.submit("exit")] : [.type(key)])
        }
        return (s, [])
    }

    /// A fit is running (not a hand-written loop's track calls, which have no pause).
    public var isFitting: Bool {
        running != nil && training?.finished == false && training?.trackedOnly == false
    }

    /// The panels F8 cycles through below 100 columns: the lesson's step
    /// (when a lesson is open), then the loss (or tracked) chart, the model
    /// table, and the boundary, the neuron maps and the layers over time
    /// where they exist.
    public var narrowPanels: [NarrowPanel] {
        var all: [NarrowPanel] = lesson != nil ? [.lesson] : []
        all.append(.loss)
        if training?.trackedOnly == false {
            all.append(.model)
            all += widePanels.map { p in switch p { case .boundary: .boundary; case .neurons: .neurons; case .layers: .layers } }
        }
        return all
    }

    /// The panels F8 cycles through under the chart and the model table, from 100 columns.
    public var widePanels: [WidePanel] {
        guard let t = training, !t.trackedOnly else { return [] }
        let m = scrubbed
        var all: [WidePanel] = []
        if (m?.boundary ?? t.boundary) != nil { all.append(.boundary) }
        if (m?.neurons ?? t.neurons) != nil { all.append(.neurons) }
        if !(m?.traces ?? t.traces).isEmpty { all.append(.layers) }
        return all
    }

    /// The bottom panel shown: the one chosen, or the first there is.
    public var shownWidePanel: WidePanel? {
        let all = widePanels
        return all.contains(widePanel) ? widePanel : all.first
    }

    public mutating func nextPanel(wide: Bool = false) {
        if wide {
            let all = widePanels
            guard !all.isEmpty else { return }
            let i = shownWidePanel.flatMap { all.firstIndex(of: $0) } ?? -1
            widePanel = all[(i + 1) % all.count]
            return
        }
        let all = narrowPanels
        let i = all.firstIndex(of: narrowPanel) ?? -1
        narrowPanel = all[(i + 1) % all.count]
    }

    /// A finished fit kept its weights at some epochs, and nothing runs.
    public var canScrub: Bool {
        !isBusy && training?.finished == true && training?.keptEpochs.isEmpty == false
    }

    /// The epoch moved back to, if any.
    public var scrubEpoch: Int? {
        guard let i = scrub, let kept = training?.keptEpochs, kept.indices.contains(i) else { return nil }
        return kept[i]
    }

    /// The panels shown in place of the fit's end: the moment moved back to,
    /// once the worker has drawn it.
    public var scrubbed: TrainingMoment? {
        guard let epoch = scrubEpoch, let moment, moment.epoch == epoch else { return nil }
        return moment
    }

    /// One kept epoch earlier or later; past the last one, the fit's end again.
    public mutating func moveScrub(_ d: Int) {
        guard let t = training, !t.keptEpochs.isEmpty else { return }
        let end = t.trainLoss.count
        // The epochs before the end: the end itself is what the panels show unscrubbed.
        let before = t.keptEpochs.lastIndex { $0 < end } ?? -1
        let now = scrub ?? before + 1
        let next = now + d
        scrub = next > before ? nil : max(0, next)
    }

    /// Keys while a backward pass or a graph is shown: → / n next, ← / p back,
    /// Enter expands the tensors or (in a graph) unfolds a layer, ↑ ↓ move in a graph, q or Esc leaves.
    public mutating func inspectorKey(_ key: Key) {
        guard let inspector else { return }
        switch (inspector, key) {
        case (_, .char("q")), (_, .escape):
            self.inspector = nil
        case (.backprop(let p, let step, let expanded), _):
            switch key {
            case .right, .char("n"), .char(" "): self.inspector = .backprop(p, step: min(step + 1, p.steps.count - 1), expanded: expanded)
            case .left, .char("p"): self.inspector = .backprop(p, step: max(step - 1, 0), expanded: expanded)
            case .enter: self.inspector = .backprop(p, step: step, expanded: !expanded)
            case .home: self.inspector = .backprop(p, step: 0, expanded: expanded)
            case .end: self.inspector = .backprop(p, step: p.steps.count - 1, expanded: expanded)
            default: break
            }
        case (.graph(var outline), _):
            switch key {
            case .down, .char("n"), .char("j"): outline.move(1)
            case .up, .char("p"), .char("k"): outline.move(-1)
            case .pageDown: outline.move(10)
            case .pageUp: outline.move(-10)
            case .enter, .char(" "): outline.toggle()
            default: break
            }
            self.inspector = .graph(outline)
        }
    }
}
