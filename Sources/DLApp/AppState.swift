import DLLang
import DLLessons
import DLTensor

/// Everything the screen shows. `View.render` draws it; `AppCore` changes it.
public struct AppState: Equatable, Sendable {
    public var notebook = Notebook()
    public var notebookPath: String?
    /// The cell running now, if any.
    public var running: Int?
    public var queued: [Int] = []
    public var training: TrainingSnapshot?
    /// Lines scrolled up from the bottom of the notebook column.
    public var scroll = 0
    public var showHelp = false
    public var logScale = false
    /// The one panel shown when the screen is too narrow for all of them.
    public var narrowPanel = NarrowPanel.loss
    /// The panel under the chart and the model table on a wide screen.
    public var widePanel = WidePanel.boundary
    /// A finished fit's kept epoch shown in the panels (Ctrl-← →, an index
    /// into `training.keptEpochs`); nil: its end.
    public var scrub: Int?
    /// The panels of the epoch moved to, once the worker has drawn them.
    public var moment: TrainingMoment?
    /// The terminal shows no colours (NO_COLOR, or a monochrome terminal):
    /// classes then need distinct glyphs rather than colours.
    public var monochrome = false
    /// A one-line message in the status bar (saved, restored, ...).
    public var status: String?
    /// Asking whether to restore the autosaved session.
    public var offeringRestore = false
    public var prompt = "dl> "
    public var inputLine = ""
    public var inputCursor = 0
    public var completions: [String] = []
    public var unicode = true
    public var quit = false
    /// A backward pass or a graph being looked at; keys go to it until q.
    public var inspector: Inspector?
    /// The open lesson's current step, shown above the notebook.
    public var lesson: LessonPane?
    /// Lines of the step's text scrolled past (Ctrl-↑ ↓); back to 0 at each new step.
    public var lessonScroll = 0
    /// A stepper that a read step's `run:` opened before its text was read:
    /// Enter on an empty line opens it.
    public var waitingInspector: Inspector?
    /// Shown in an empty notebook until the learner types something.
    public var courseOffer: CourseOffer?

    public enum Inspector: Equatable, Sendable {
        case backprop(BackpropPresentation, step: Int, expanded: Bool)
        case graph(GraphOutline)
    }

    public enum NarrowPanel: Int, Equatable, Sendable, CaseIterable {
        /// The lesson's step above the notebook, in place of a panel.
        case lesson
        case loss, model, boundary, neurons, layers
    }

    public enum WidePanel: Int, Equatable, Sendable, CaseIterable {
        case boundary, neurons, layers
    }

    public init() {}

    public var isBusy: Bool { running != nil || !queued.isEmpty }
}

/// Text a learner needs to know the keys.
public enum HelpText {
    public static let lines = [
        "Enter        run the input (continues while a bracket is open)",
        "Tab          complete names, builtins and keyword arguments",
        "↑ ↓          history · Ctrl-R search · Emacs keys as in bash",
        "PgUp PgDn    scroll the notebook (also the mouse wheel)",
        "F9 · F10     pause / resume training · log scale (while fit runs)",
        "Esc, Ctrl-C  stop the running cell or training",
        "F8           next panel: boundary · neurons · layers (upd/W over time);",
        "             below 100 columns also the chart, model and lesson step",
        "Ctrl-↑ ↓     scroll the lesson's step (also F11 F12)",
        "Ctrl-← →     after a fit: its epochs, back and forth (panels as they were)",
        "|W| |∇W|     weight, gradient norm · upd/W: a step's update ÷ |W| (~1e-3)",
        "F2, Ctrl-S   save the notebook; `save` and `run all` also work",
        "F3 F4 F5     in a lesson: hint · solution · skip (runs it)",
        "F6 F7        in a lesson: back · next step; help(\"lessons\")",
        "F1           this help (any key closes it) · Ctrl-D quit (empty line)",
    ]
}
