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
///   was there before (the default, or Swift's backtracer);
/// - while the screen is open, stderr goes to a temporary file, so nothing
///   written there lands on the screen or is lost with the alternate screen:
///   a crash's cause (Swift's "Fatal error: ..." line) is printed after the
///   terminal is restored, and on a normal close whatever was written is.
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
    nonisolated(unsafe) private static var copyBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: copyBufferSize)
    private static let copyBufferSize = 4096
    /// The temporary file stderr goes to while the screen is open, and the real stderr.
    private static let captureFD = Atomic<Int32>(-1)
    private static let savedStderrFD = Atomic<Int32>(-1)
    /// A crash report's cause is its last lines: at most this much is shown.
    static let shownCaptureBytes = 8192

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

    static func screenOpened() {
        captureStandardError()
        active.store(true, ordering: .releasing)
    }

    static func screenClosed() {
        active.store(false, ordering: .releasing)
        releaseStandardError()
    }

    /// Points fd 2 at an unlinked temporary file; the real stderr is kept.
    static func captureStandardError() {
        guard captureFD.load(ordering: .acquiring) < 0 else { return }
        var template = Array("/tmp/dlrepl-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(fd, STDERR_FILENO) >= 0 else {
            close(fd)
            if saved >= 0 { close(saved) }
            return
        }
        savedStderrFD.store(saved, ordering: .releasing)
        captureFD.store(fd, ordering: .releasing)
    }

    /// Puts the real stderr back and writes to it what was captured.
    static func releaseStandardError() {
        let fd = captureFD.exchange(-1, ordering: .acquiringAndReleasing)
        let saved = savedStderrFD.exchange(-1, ordering: .acquiringAndReleasing)
        guard fd >= 0, saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
        copyCaptured(from: fd, limit: Int(lseek(fd, 0, SEEK_END)))
        close(fd)
    }

    /// Async-signal-safe: lseek(2), read(2), write(2) into a buffer made in advance.
    private static func copyCaptured(from fd: Int32, limit: Int) {
        let end = lseek(fd, 0, SEEK_END)
        guard end > 0 else { return }
        _ = lseek(fd, Swift.max(0, end - off_t(limit)), SEEK_SET)
        while true {
            let n = read(fd, copyBuffer, copyBufferSize)
            if n <= 0 { break }
            _ = write(STDERR_FILENO, copyBuffer, n)
        }
    }

    static func deactivate() {
        active.store(false, ordering: .releasing)
        releaseStandardError()
    }

    /// stdin hung up or failed: treated like SIGHUP.
    static func terminalLost() {
        _ = Signals.terminationSignal.compareExchange(
            expected: 0, desired: SIGHUP, ordering: .acquiringAndReleasing)
    }

    /// Async-signal-safe: atomics, write(2), tcsetattr(3), sigaction(2).
    private static let fatalHandler: @convention(c) (Int32) -> Void = { signal in
        if TerminalGuard.active.exchange(false, ordering: .acquiringAndReleasing) {
            let saved = TerminalGuard.savedStderrFD.exchange(-1, ordering: .acquiringAndReleasing)
            if saved >= 0 { dup2(saved, STDERR_FILENO) }
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
            // The cause, written while stderr pointed at the capture file;
            // anything after (Swift's crash report) goes to the terminal.
            let fd = TerminalGuard.captureFD.exchange(-1, ordering: .acquiringAndReleasing)
            if fd >= 0 { TerminalGuard.copyCaptured(from: fd, limit: TerminalGuard.shownCaptureBytes) }
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
