import Dispatch
import DLLang
import DLLessons
import DLNN
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the learner's code on its own thread, so the screen keeps drawing
/// while a cell (or a long fit) runs. The interpreter and every tensor live on
/// this thread only; the UI gets plain values through the mailbox.
public final class Worker: @unchecked Sendable {
    // @unchecked: `jobs` is guarded by its mutex; `session` and `screen` are touched
    // only on the worker thread after `start`.
    public let mailbox = Mailbox<WorkerMessage>()
    public let control = TrainingControl()
    private let jobs = Mutex<[(index: Int, source: String, interactive: Bool)]>([])
    private let wake = DispatchSemaphore(value: 0)
    private var session: Session!
    private var tutor: Tutor!
    private var screen: ScreenFrontEnd!
    private let widthForTables = Atomic<Int>(80)
    /// What the screen can draw (curses' view of the locale), for `show`'s shades.
    private let screenIsUnicode = Atomic<Bool>(TextLocale.isUTF8)
    private let screenHasColors = Atomic<Bool>(false)
    private let host: SessionHost

    public init(host: SessionHost = .bare()) {
        self.host = host
    }

    /// Starts the thread with a large stack: the interpreter recurses once per
    /// nested expression and call.
    public func start() {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 64 << 20)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, &attributes, { raw in
            Unmanaged<Worker>.fromOpaque(raw!).takeRetainedValue().loop()
        }, context)
        pthread_detach(thread)
        pthread_attr_destroy(&attributes)
    }

    /// The panels of the last fit at a kept epoch, drawn between cells.
    public func drawMoment(epoch: Int) {
        momentRequest.withLock { $0 = epoch }
        wake.signal()
    }
    private let momentRequest = Mutex<Int?>(nil)

    public func run(cell index: Int, source: String, interactive: Bool = true) {
        jobs.withLock { $0.append((index, source, interactive)) }
        wake.signal()
    }

    /// Drops cells that have not started (after a stop).
    public func cancelQueued() -> [Int] { jobs.withLock { q in defer { q = [] }; return q.map(\.index) } }

    public func setTableWidth(_ w: Int) { widthForTables.store(w, ordering: .relaxed) }
    public func setUnicode(_ u: Bool) { screenIsUnicode.store(u, ordering: .relaxed) }
    /// False under NO_COLOR or on a monochrome terminal: signed pictures then use shades.
    public func setColors(_ c: Bool) { screenHasColors.store(c, ordering: .relaxed) }

    /// What the screen can show now: cells as wide as the notebook, curses'
    /// character set, steppers unless `run all` replays cells (nothing may
    /// wait for a key then).
    private func traits(interactive: Bool) -> OutputTraits {
        var t = OutputTraits(columns: widthForTables.load(ordering: .relaxed), unicode: screenIsUnicode.load(ordering: .relaxed))
        t.printsTrainingLines = false
        t.wrapsText = true
        t.opensSteppers = interactive
        t.colors = screenHasColors.load(ordering: .relaxed)
        return t
    }

    private func loop() -> Never {
        screen = ScreenFrontEnd(mailbox: mailbox, control: control)
        let control = self.control
        tutor = host.tutor(screen, traits: traits(interactive: true), interrupted: { control.takeStop() })
        tutor.printsSteps = false
        let mailbox = self.mailbox
        tutor.onChange = { mailbox.post(.lesson($0)) }
        session = tutor.session
        mailbox.post(.completion(session.completionData))
        while true {
            wake.wait()
            // One signal per request: a cell's own signal is still pending after this.
            if let epoch = momentRequest.withLock({ r -> Int? in defer { r = nil }; return r }) {
                if let m = screen.observer.moment(epoch: epoch) { mailbox.post(.moment(m)) }
                continue
            }
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            // The window may have changed since the last cell.
            session.output.traits = traits(interactive: job.interactive)
            screen.unicode = session.output.traits.unicode
            _ = control.takeStop()
            screen.observer.beginRun()
            let ok = tutor.run(SourceText(name: "[\(job.index + 1)]", text: job.source))
            screen.observer.flushTracking()
            mailbox.post(.completion(session.completionData))
            mailbox.post(.cellFinished(index: job.index, ok: ok))
        }
    }
}

/// The screen's front end: text goes to the running cell, training events
/// to the observer, steppers beside the notebook.
final class ScreenFrontEnd: FrontEnd {
    let mailbox: Mailbox<WorkerMessage>
    let observer: TrainingObserver
    /// Curses' view of the locale: which blocks a coloured picture is drawn with.
    var unicode = true

    init(mailbox: Mailbox<WorkerMessage>, control: TrainingControl) {
        self.mailbox = mailbox
        observer = TrainingObserver(mailbox: mailbox, control: control)
    }

    func receive(_ event: SessionEvent) {
        switch event {
        case .text(let text): write(text)
        case .error(let text): mailbox.post(.output(text, isError: true))
        case .picture(let p, let key):
            let (text, tints) = Self.tinted(p, unicode: unicode)
            mailbox.post(.picture(text, key: key, tints: tints))
        case .progress: break  // the screen draws progress itself
        case .backprop(let p):
            mailbox.post(.backprop(p))
            write("backward pass: \(p.steps.count) steps (shown beside; n next, p back, q leave)\n")
        case .graph(let tree):
            mailbox.post(.graph(tree))
            write("graph: \(tree.count) nodes (shown beside; ↑ ↓ move, q leave)\n")
        case .tracked(let points): observer.track(points)
        case .training(let event, let context): training(event, context)
        }
    }

    private func write(_ text: String) { mailbox.post(.output(text, isError: false)) }

    /// A picture's characters, and the runs of cells with the same level
    /// (offsets in the text's UTF-8), for the notebook to colour. The
    /// screen colours characters, not backgrounds: a cell with a level is
    /// drawn as a block as dense as the level is deep (blue or orange then
    /// says which side of 0), and 0 as a dot.
    static func tinted(_ p: ShadedPicture, unicode: Bool) -> (String, [Notebook.Tint]) {
        let blocks: [Character] = unicode ? ["·", "░", "░", "▒", "▓", "█"] : [".", ":", ":", "+", "#", "#"]
        var text = "", tints: [Notebook.Tint] = []
        var offset = 0
        for line in p.lines {
            for var cell in line {
                if let level = cell.level { cell.character = blocks[min(abs(level), blocks.count - 1)] }
                let bytes = String(cell.character).utf8.count
                if let level = cell.level {
                    if let last = tints.last, last.level == level, last.range.upperBound == offset {
                        tints[tints.count - 1].range = last.range.lowerBound..<(offset + bytes)
                    } else {
                        tints.append(Notebook.Tint(range: offset..<(offset + bytes), level: level))
                    }
                }
                text.append(cell.character)
                offset += bytes
            }
            text += "\n"
            offset += 1
        }
        return (text, tints)
    }

    /// Cells get one summary line per fit; the panels show the rest.
    private func training(_ event: TrainingEvent, _ context: TrainingContext) {
        observer.handle(event, context)
        switch event {
        case .epochEnded(let s) where s.epoch == s.epochs:
            defer { observer.finish(context) }
            guard context.verbose else { break }
            var line = "trained \(s.epochs) epoch\(s.epochs == 1 ? "" : "s") · loss \(EvaluationText.f3(s.loss))"
            if let m = s.metric { line += " · \(context.loss.isClassification ? "accuracy" : "mae") \(EvaluationText.f3(m))" }
            if let v = s.validationLoss { line += " · val_loss \(EvaluationText.f3(v))" }
            write(line + "\n")
        case .stopped:
            observer.finish(context)
        default:
            break
        }
    }
}
