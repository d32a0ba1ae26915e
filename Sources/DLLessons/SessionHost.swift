import DLExport
import DLLang
import Synchronization

/// Builds every session, for every front end: the screen's worker, `run`,
/// `-e`, piped input, the line REPL, lessons and the lesson checker. Each
/// gets the same element limit and its front end's interrupt; all but the
/// checker get the course and the progress store. A new front end asks here
/// and touches nothing else.
public final class SessionHost: Sendable {
    private let load: @Sendable () -> Result<Course, LessonError>
    /// Read once, when something first asks for the course: `-e 1` does not parse 46 lessons.
    private let loaded = Mutex<Result<Course, LessonError>?>(nil)
    let store: ProgressStore?
    /// `DLREPL_ELEMENT_LIMIT`, or a test's.
    let elementLimit: Int?

    public init(course: @escaping @Sendable () -> Result<Course, LessonError>, store: ProgressStore?, elementLimit: Int?) {
        load = course
        self.store = store
        self.elementLimit = elementLimit
    }

    public func course() -> Result<Course, LessonError> {
        loaded.withLock { cached in
            if let cached { return cached }
            let result = load()
            cached = result
            return result
        }
    }

    /// The lesson to offer when the notebook starts (nil without a course, or when all are done).
    public func courseOffer() -> CourseOffer? {
        guard let course = try? course().get(), let store, let progress = try? store.load() else { return nil }
        return CourseOffer.make(course, progress)
    }

    /// The course where `LessonFiles` finds it, the learner's progress file and the environment's limit.
    public static func standard() -> SessionHost {
        SessionHost(course: Tutor.findCourse, store: ProgressStore.standard,
                    elementLimit: SessionLimits.environmentElementLimit)
    }

    /// No course and no progress: a session for tests, with an optional limit.
    public static func bare(elementLimit: Int? = nil) -> SessionHost {
        SessionHost(course: { .failure(LessonError("this session has no course")) }, store: nil, elementLimit: elementLimit)
    }

    /// A session writing to `frontEnd`, with the lesson commands installed.
    /// `interrupted` is polled between statements and training steps.
    public func tutor(_ frontEnd: FrontEnd, traits: OutputTraits,
                      interrupted: @escaping () -> Bool = { false }) -> Tutor {
        let session = Self.session(frontEnd, traits: traits)
        SessionLimits.apply(elementLimit: elementLimit, to: session)
        session.interpreter.isInterrupted = interrupted
        return Tutor(session: session, course: self.course(), store: store)
    }

    /// The one place a session is made: the language with the commands
    /// every session has (a learner's and the checker's alike).
    private static func session(_ frontEnd: FrontEnd, traits: OutputTraits) -> Session {
        let session = Session(output: SessionOutput(frontEnd, traits: traits))
        ExportCommand.register(in: session.interpreter)
        return session
    }

    /// The lesson checker's session: muted from the start, its output kept
    /// only to report errors, and no progress.
    static func checking() -> (Session, Mute) {
        let capture = CapturedOutput()
        let session = Self.session(capture, traits: capture.traits)
        let mute = Mute(session.output)
        mute.muted = true
        return (session, mute)
    }
}
