#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Makes sure the terminal is usable again however the program ends:
///
/// - `Screen.close()` on a normal exit;
/// - SIGTERM/SIGHUP only set a flag (`pendingTermination`) and wake
///   `Screen.readKeys`; the app loop then closes the screen and calls
///   `finishTermination` (which re-raises the signal);
/// - fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP) write
///   the reset sequences with write(2), put back the termios saved before
///   the screen opened, print a note, and re-raise through the handler that
///   was there before (the default, or Swift's backtracer).
public enum TerminalGuard {
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP]

    /// Set while the screen is open, read by the fatal handler.
    private static let active = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)
    private static let haveTermios = Atomic<Bool>(false)
    // Allocated once, before any handler can run, and never freed: the
    // handler only reads them.
    nonisolated(unsafe) private static var savedTermios = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    static let resetSequence: StaticString =
        "\u{1B}[?1006l\u{1B}[?1000l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"
    static let fatalPrefix: StaticString = "dlrepl: fatal error (signal "
    static let fatalSuffix: StaticString = "); the terminal was restored\n"

    /// The SIGTERM or SIGHUP that asked the app to quit, or nil. Also set
    /// (to SIGHUP) when `Screen.readKeys` finds the terminal gone.
    public static var pendingTermination: Int32? { Signals.pendingTermination }

    /// Call after `Screen.close()` (and after saving history) when
    /// `pendingTermination` is set: prints a note and dies of the signal,
    /// so the parent sees the right exit status.
    public static func finishTermination(_ sig: Int32) -> Never {
        if sig != SIGHUP {  // after a hang-up nobody reads the message
            let name = sig == SIGTERM ? "SIGTERM" : "signal \(sig)"
            let message = Array("dlrepl: terminated by \(name); the terminal was restored\n".utf8)
            _ = write(STDERR_FILENO, message, message.count)
        }
        signal(sig, SIG_DFL)
        raise(sig)
        exit(128 + sig)
    }

    /// Saves the termios and installs the handlers. Idempotent.
    static func install() {
        if tcgetattr(STDIN_FILENO, savedTermios) == 0 {
            haveTermios.store(true, ordering: .releasing)
        }
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Signals.installTerminationHandler()
        for signal in fatalSignals {
            // Reset to the default after one run, and let raise() inside the
            // handler deliver at once.
            Signals.setHandler(signal, fatalHandler,
                               flags: Int32(bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND)) | Int32(SA_NODEFER),
                               previous: previousActions + Int(signal))
        }
    }

    static func screenOpened() { active.store(true, ordering: .releasing) }
    static func screenClosed() { active.store(false, ordering: .releasing) }
    static func deactivate() { active.store(false, ordering: .releasing) }

    /// stdin hung up or failed: treated like SIGHUP.
    static func terminalLost() {
        _ = Signals.terminationSignal.compareExchange(
            expected: 0, desired: SIGHUP, ordering: .acquiringAndReleasing)
    }

    /// Async-signal-safe: atomics, write(2), tcsetattr(3), sigaction(2).
    private static let fatalHandler: @convention(c) (Int32) -> Void = { signal in
        if TerminalGuard.active.exchange(false, ordering: .acquiringAndReleasing) {
            TerminalGuard.writeAll(STDOUT_FILENO, TerminalGuard.resetSequence)
            if TerminalGuard.haveTermios.load(ordering: .acquiring) {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, TerminalGuard.savedTermios)
            }
            TerminalGuard.writeAll(STDERR_FILENO, TerminalGuard.fatalPrefix)
            var digits: (UInt8, UInt8, UInt8) = (0, 0, 0)
            var count = 0
            var value = Int(signal)
            repeat {
                let digit = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                switch count { case 0: digits.0 = digit; case 1: digits.1 = digit; default: digits.2 = digit }
                count += 1
                value /= 10
            } while value > 0 && count < 3
            while count > 0 {
                count -= 1
                var byte = count == 0 ? digits.0 : (count == 1 ? digits.1 : digits.2)
                _ = write(STDERR_FILENO, &byte, 1)
            }
            TerminalGuard.writeAll(STDERR_FILENO, TerminalGuard.fatalSuffix)
        }
        // Hand over to what was there before (SIG_DFL, or Swift's crash
        // reporter), then re-raise.
        sigaction(signal, TerminalGuard.previousActions + Int(signal), nil)
        raise(signal)
        // Still alive: the previous handler returned, as Swift's backtracer
        // does for a signal sent with kill(2) (there is no faulting
        // instruction to re-run). Die of the default action.
        Signals.setHandler(signal, SIG_DFL, flags: 0)
        raise(signal)
        _exit(128 + signal)
    }

    private static func writeAll(_ fd: Int32, _ text: StaticString) {
        text.withUTF8Buffer { bytes in
            _ = write(fd, bytes.baseAddress, bytes.count)
        }
    }
}
