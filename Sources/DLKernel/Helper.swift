import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One persistent helper thread for the common 2-way split. On this VM, waking a
/// parked Dispatch worker costs ~40 us per call (the idle vCPU has to be rescheduled),
/// more than a 256^3 half-product; the helper instead spins briefly between jobs.
// @unchecked: `job` is written only by the thread holding `inUse`, before the release
// store to `posted`, and read by the helper only after its acquire load of `posted`.
final class Helper: @unchecked Sendable {
    private let inUse = Atomic<Bool>(false)
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private var job: (@Sendable () -> Void)? = nil
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var sleeping = false  // guarded by `lock`

    static let shared = Helper()

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            Unmanaged<Helper>.fromOpaque(context!).takeUnretainedValue().serve()
        }, context)
        pthread_detach(thread)
    }

    /// Runs `theirs` on the helper and `mine` on the caller, returning when both are done.
    /// If another caller holds the helper, runs both inline (same results, just slower).
    func run(_ theirs: @escaping @Sendable () -> Void, alongside mine: () -> Void) {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            mine(); theirs(); return
        }
        job = theirs
        let generation = posted.load(ordering: .relaxed) + 1
        posted.store(generation, ordering: .releasing)
        pthread_mutex_lock(lock)
        if sleeping { pthread_cond_signal(wake) }
        pthread_mutex_unlock(lock)
        mine()
        while finished.load(ordering: .acquiring) != generation {}
        job = nil
        inUse.store(false, ordering: .releasing)
    }

    private func serve() -> Never {
        var seen = 0
        while true {
            // Spin ~1 ms for the next job (training loops issue them back to back), then park.
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < 1 << 20 { continue }
                pthread_mutex_lock(lock)
                while posted.load(ordering: .acquiring) == seen {
                    sleeping = true
                    pthread_cond_wait(wake, lock)
                }
                sleeping = false
                pthread_mutex_unlock(lock)
            }
            seen = posted.load(ordering: .acquiring)
            job?()
            finished.store(seen, ordering: .releasing)
        }
    }
}
