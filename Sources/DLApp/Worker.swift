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
    // @unchecked: `jobs` is guarded by its mutex; `session` and `sink` are touched
    // only on the worker thread after `start`.
    public let mailbox = Mailbox<WorkerMessage>()
    public let control = TrainingControl()
    private let jobs = Mutex<[(index: Int, source: String, interactive: Bool)]>([])
    private let wake = DispatchSemaphore(value: 0)
    private var session: Session!
    private var tutor: Tutor!
    private var sink: ScreenSink!
    private let widthForTables = Atomic<Int>(80)
    /// What the screen can draw (curses' view of the locale), for `show`'s shades.
    private let screenIsUnicode = Atomic<Bool>(TextLocale.isUTF8)
    private let course: Result<Course, LessonError>
    private let store: ProgressStore?
    /// `DLREPL_ELEMENT_LIMIT` as the other front ends apply it (the App passes it in).
    private let elementLimit: Int?

    public init(course: Result<Course, LessonError> = .failure(LessonError("this session has no course")),
                store: ProgressStore? = nil, elementLimit: Int? = nil) {
        self.course = course
        self.store = store
        self.elementLimit = elementLimit
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

    public func run(cell index: Int, source: String, interactive: Bool = true) {
        jobs.withLock { $0.append((index, source, interactive)) }
        wake.signal()
    }

    /// Drops cells that have not started (after a stop).
    public func cancelQueued() -> [Int] { jobs.withLock { q in defer { q = [] }; return q.map(\.index) } }

    public func setTableWidth(_ w: Int) { widthForTables.store(w, ordering: .relaxed) }
    public func setUnicode(_ u: Bool) { screenIsUnicode.store(u, ordering: .relaxed) }

    private func loop() -> Never {
        sink = ScreenSink(mailbox: mailbox, control: control, width: { [unowned self] in self.widthForTables.load(ordering: .relaxed) },
                          unicode: { [unowned self] in self.screenIsUnicode.load(ordering: .relaxed) })
        let course = self.course
        tutor = Tutor.make(output: sink, course: course, store: store)
        tutor.printsSteps = false
        let mailbox = self.mailbox
        tutor.onChange = { mailbox.post(.lesson($0)) }
        session = tutor.session
        SessionLimits.apply(elementLimit: elementLimit, to: session)
        let control = self.control
        session.interpreter.isInterrupted = { control.takeStop() }
        mailbox.post(.completion(session.completionData))
        while true {
            wake.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            sink.interactive = job.interactive
            _ = control.takeStop()
            sink.observer.beginRun()
            let ok = tutor.run(SourceText(name: "[\(job.index + 1)]", text: job.source))
            sink.observer.flushTracking()
            mailbox.post(.completion(session.completionData))
            mailbox.post(.cellFinished(index: job.index, ok: ok))
        }
    }
}

/// The output sink of a screen session: text goes to the running cell,
/// training events to the observer.
final class ScreenSink: OutputSink {
    let mailbox: Mailbox<WorkerMessage>
    let observer: TrainingObserver
    let width: () -> Int
    let isUnicode: () -> Bool
    /// False while `run all` replays cells: nothing may wait for a key then.
    var interactive = true

    init(mailbox: Mailbox<WorkerMessage>, control: TrainingControl, width: @escaping () -> Int, unicode: @escaping () -> Bool) {
        self.mailbox = mailbox
        self.width = width
        isUnicode = unicode
        observer = TrainingObserver(mailbox: mailbox, control: control)
    }

    func write(_ text: String) { mailbox.post(.output(text, isError: false)) }
    func writeError(_ text: String) { mailbox.post(.output(text, isError: true)) }
    func picture(_ text: String, key: String) { mailbox.post(.picture(text, key: key)) }
    var columns: Int { width() }
    var unicode: Bool { isUnicode() }
    /// The screen draws progress itself; cells get one summary line per fit.
    var printsTrainingLines: Bool { false }
    var wrapsText: Bool { true }

    func showBackprop(_ p: BackpropPresentation) -> Bool {
        guard interactive else { return false }
        mailbox.post(.backprop(p))
        write("backward pass: \(p.steps.count) steps (shown beside; n next, p back, q leave)\n")
        return true
    }

    func showGraph(_ tree: [String]) -> Bool {
        guard interactive else { return false }
        mailbox.post(.graph(tree))
        write("graph: \(tree.count) nodes (shown beside; ↑ ↓ move, q leave)\n")
        return true
    }

    func tracked(_ points: [(name: String, value: Double)]) { observer.track(points) }

    func training(_ event: TrainingEvent, _ context: TrainingContext) {
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
