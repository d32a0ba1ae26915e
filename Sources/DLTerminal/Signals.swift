#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Process-wide Ctrl-C flag. The handlers only set atomics and poke a
/// self-pipe; everything else happens on the main actor when it looks.
public enum Signals {
    static let interruptFlag = Atomic<Bool>(false)
    static let resizeFlag = Atomic<Bool>(false)
    /// The SIGTERM/SIGHUP that arrived (0: none); see `TerminalGuard`.
    static let terminationSignal = Atomic<Int32>(0)
    // Self-pipe instead of relying on EINTR: in a multi-threaded process the
    // kernel may deliver SIGINT to any thread, so the main thread's poll()
    // would not necessarily be interrupted.
    static let wakeReadFD = Atomic<Int32>(-1)
    static let wakeWriteFD = Atomic<Int32>(-1)
    private static let interruptInstalled = Atomic<Bool>(false)
    private static let resizeInstalled = Atomic<Bool>(false)
    private static let terminationInstalled = Atomic<Bool>(false)
    private static let pipeLock = Mutex<Void>(())

    /// Idempotent. After this, Ctrl-C never kills the process: it sets the
    /// flag, which `LineEditor.readLine` turns into `.interrupted` and which
    /// evaluation code polls via `takeInterrupt()`.
    public static func installInterruptHandler() {
        guard !interruptInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        install(SIGINT) { _ in Signals.signalArrived(Signals.interruptFlag) }
    }

    /// Returns true once per Ctrl-C and clears the flag.
    public static func takeInterrupt() -> Bool {
        interruptFlag.exchange(false, ordering: .acquiringAndReleasing)
    }

    public static var interruptPending: Bool {
        interruptFlag.load(ordering: .acquiring)
    }

    /// Idempotent. SIGTERM and SIGHUP then only record the signal and wake
    /// the input loop, which restores the terminal before exiting.
    static func installTerminationHandler() {
        guard !terminationInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let handler: @convention(c) (Int32) -> Void = { signal in
            let savedErrno = errno
            Signals.terminationSignal.store(signal, ordering: .releasing)
            Signals.wake()
            errno = savedErrno
        }
        install(SIGTERM, handler)
        install(SIGHUP, handler)
    }

    static var pendingTermination: Int32? {
        let signal = terminationSignal.load(ordering: .acquiring)
        return signal == 0 ? nil : signal
    }

    static func installResizeHandler() {
        guard !resizeInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        install(SIGWINCH) { _ in Signals.signalArrived(Signals.resizeFlag) }
    }

    static func takeResize() -> Bool {
        resizeFlag.exchange(false, ordering: .acquiringAndReleasing)
    }

    static func drainWakePipe() {
        let fd = wakeReadFD.load(ordering: .acquiring)
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fd, &buffer, buffer.count) > 0 {}
    }

    // Async-signal-safe: atomics and write(2) only; errno is restored because
    // the interrupted code may be between a failing call and reading errno.
    private static func signalArrived(_ flag: borrowing Atomic<Bool>) {
        let savedErrno = errno
        flag.store(true, ordering: .releasing)
        wake()
        errno = savedErrno
    }

    /// Async-signal-safe; may change errno.
    private static func wake() {
        let fd = wakeWriteFD.load(ordering: .acquiring)
        if fd >= 0 {
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)  // full pipe is fine: a wake-up is already pending
        }
    }

    private static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        makeWakePipe()
        // SA_RESTART keeps Ctrl-C/resize from failing unrelated blocking calls
        // (file I/O during evaluation) with EINTR; the prompt does not need
        // EINTR because it is woken through the self-pipe.
        setHandler(signal, handler, flags: SA_RESTART)
    }

    /// sigaction with an empty mask; the handler field's name differs by platform.
    static func setHandler(_ signal: Int32, _ handler: (@convention(c) (Int32) -> Void)?, flags: Int32,
                           previous: UnsafeMutablePointer<sigaction>? = nil) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        sigaction(signal, &action, previous)
        // A parent may start us with the signal blocked (the mask survives
        // exec; some test runners and daemons block SIGINT): the handler
        // would never run, and Ctrl-C would do nothing at all.
        if handler != nil {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, signal)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
    }

    private static func makeWakePipe() {
        pipeLock.withLock { _ in
            guard wakeReadFD.load(ordering: .acquiring) < 0 else { return }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return }
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            wakeReadFD.store(fds[0], ordering: .releasing)
            wakeWriteFD.store(fds[1], ordering: .releasing)
        }
    }
}
