#if canImport(Glibc)
import Glibc
import CMalloc
#elseif canImport(Darwin)
import Darwin
#endif
import DLLang
import FileIO

enum StandardInput {
    static var isTerminal: Bool { isatty(0) != 0 }
}

/// Swift's crash reporter, when the program runs in a terminal, stops after
/// a crash to offer an interactive debugger ("Press space to interact…")
/// for 30 s. Inside the full screen that prompt is invisible (the terminal is
/// raw and on the alternate screen), so the learner sees a frozen program
/// and never the reason. The runtime reads SWIFT_BACKTRACE once, as the
/// process starts, so setting it now is too late: the screen's path
/// re-executes the program once with the variable set. Other paths (-e, run,
/// pipes) never come here, so their start-up is unchanged.
enum Backtracer {
    static let setting = "interactive=no"

    static func makeNonInteractiveBeforeTheScreen() {
        // Set by the learner, or by us in the first run: leave it.
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        // The real path, not /proc/self/exe: the kernel names the process
        // after the file (ps would show "exe").
        var buffer = [CChar](repeating: 0, count: 4096)
        guard readlink("/proc/self/exe", &buffer, buffer.count - 1) > 0 else { return }
        setenv("SWIFT_BACKTRACE", setting, 1)
        // On failure the program simply goes on with the reporter as it is.
        execv(buffer, CommandLine.unsafeArgv)
        unsetenv("SWIFT_BACKTRACE")
    }
}

/// Every op allocates its result, and a training step frees them all again.
/// By default glibc hands blocks above a moving threshold straight to mmap
/// and gives a freed heap top back to the kernel, so the next step faults
/// every page in again and the kernel zeroes it: a fifth of the tiny GPT's
/// time went there (1.2 million page faults in 2 epochs; 32 thousand with
/// these settings). Keeping freed memory costs nothing the peak did not
/// already take.
enum Allocator {
    fileprivate static func keepFreedMemory() {
        #if canImport(Glibc)
        // 32 MiB is glibc's largest mmap threshold on 64-bit; bigger tensors still map.
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}

/// What every way of starting dlrepl does first.
enum StartUp {
    static func prepare() {
        Allocator.keepFreedMemory()
        TextFrontEnd.flushEachLine()
        // Temporaries of saves that a kill -9 cut short, wherever they were.
        AtomicFile.removeAbandoned()
    }
}

