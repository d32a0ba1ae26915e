import DLLang
import DLLessons
import Dispatch
import Synchronization

/// What the worker thread tells the screen. Plain values only.
public enum WorkerMessage: Sendable {
    case output(String, isError: Bool)
    /// Output that replaces the cell's last output when that was a picture with the same key.
    case picture(String, key: String?, tints: [Notebook.Tint])
    /// A finished fit's panels at a kept epoch, drawn when the learner moved there.
    case moment(TrainingMoment)
    case training(TrainingSnapshot)
    case cellFinished(index: Int, ok: Bool)
    case completion(CompletionData)
    case backprop(BackpropPresentation)
    case graph([String])
    /// The lesson pane's content after an entry (nil: no lesson open).
    case lesson(LessonPane?)
}

/// A queue between the worker thread and the UI thread.
public final class Mailbox<Message: Sendable>: Sendable {
    private let queue = Mutex<[Message]>([])

    public init() {}

    public func post(_ m: Message) { queue.withLock { $0.append(m) } }

    public func takeAll() -> [Message] { queue.withLock { q in defer { q = [] }; return q } }
}

/// Flags the UI sets and the worker reads between training steps.
public final class TrainingControl: Sendable {
    private let paused = Atomic<Bool>(false)
    private let stop = Atomic<Bool>(false)
    /// Signalled on resume and on stop, so a paused fit wakes at once instead of polling.
    private let wake = DispatchSemaphore(value: 0)

    public init() {}

    public var isPaused: Bool { paused.load(ordering: .acquiring) }
    public func setPaused(_ p: Bool) {
        paused.store(p, ordering: .releasing)
        if !p { wake.signal() }
    }
    public func requestStop() {
        stop.store(true, ordering: .releasing)
        wake.signal()
    }
    /// On the training thread: returns when the learner resumes or stops.
    /// (A signal from an earlier resume only makes one extra turn of the loop.)
    public func waitWhilePaused() {
        while isPaused && !stopRequested { wake.wait() }
    }
    /// True once per request.
    public func takeStop() -> Bool { stop.exchange(false, ordering: .acquiringAndReleasing) }
    public var stopRequested: Bool { stop.load(ordering: .acquiring) }
}
