import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One persistent helper thread for the common 2-way split, shaped for a
/// machine that is never idle (the screen's thread, the learner's browser).
///
/// Work comes in chunks that the caller and the helper claim from one
/// counter. The caller never waits for a thread that has not started: if
/// the helper is asleep or descheduled, the caller claims every chunk
/// itself, so a split never costs more than running on one thread. It waits
/// only for a chunk the helper is running, and then yields its core rather
/// than spinning, in case the two share one. Between jobs the helper spins
/// briefly (waking a parked thread costs ~40 µs on this VM, more than a
/// 256³ half-product), then parks.
// @unchecked: `job` is guarded by `lock`; the counters are atomics.
final class Helper: @unchecked Sendable {
    /// Generation in the high 32 bits, the next unclaimed chunk in the low 32:
    /// a claim with a stale generation fails, so a late helper never runs a
    /// chunk of a job that has already returned.
    private let claims = Atomic<UInt64>(0)
    private let completed = Atomic<Int>(0)
    private let posted = Atomic<UInt64>(0)
    private let inUse = Atomic<Bool>(false)
    private var job: (body: @Sendable (Int) -> Void, chunks: Int, generation: UInt64)?
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var sleeping = false  // guarded by `lock`
    // Guarded by `inUse`: how often the helper was late, and when to try it again.
    private var calls = 0, strikes = 0, resumeAt = 0

    static let shared = Helper()

    /// How long the helper looks for the next job before parking (spin iterations).
    static let idleSpins = 20_000
    /// How long the caller spins for the helper's last chunk before yielding.
    static let finishSpins = 2_000
    /// Late helpers that make the split pause (see `judge`), and for how many calls.
    static let strikesToBackOff = 3, backOffCalls = 512

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

    /// Runs `body(i)` for every i in 0..<chunks, on this thread and the helper,
    /// and returns when all are done. Which thread runs a chunk never changes
    /// what it computes, so results do not depend on timing. If another caller
    /// holds the helper, runs every chunk here.
    func parallel(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard chunks > 1, inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<Swift.max(chunks, 0) { body(i) }
            return
        }
        defer { inUse.store(false, ordering: .releasing) }
        calls += 1
        if calls < resumeAt {
            for i in 0..<chunks { body(i) }
            return
        }
        var generation = (posted.load(ordering: .relaxed) + 1) & 0xFFFF_FFFF
        if generation == 0 { generation = 1 }  // 0 is the helper's "seen nothing yet"
        completed.store(0, ordering: .relaxed)
        claims.store(generation << 32, ordering: .releasing)
        pthread_mutex_lock(lock)
        job = (body, chunks, generation)
        posted.store(generation, ordering: .releasing)
        if sleeping { pthread_cond_signal(wake) }
        pthread_mutex_unlock(lock)

        // When this returns every chunk is claimed; the helper took the rest.
        let started = Helper.now()
        let mine = work(body, chunks: chunks, generation: generation)
        let worked = Helper.now()
        var spins = 0
        while completed.load(ordering: .acquiring) + mine < chunks {
            spins += 1
            if spins > Helper.finishSpins { sched_yield() }
        }
        judge(waited: Helper.now() - worked, perChunk: (worked - started) / UInt64(Swift.max(mine, 1)))
        // Drop the closure (and what it captured); a helper that reads the job
        // late finds every chunk claimed and runs nothing.
        pthread_mutex_lock(lock)
        job = nil
        pthread_mutex_unlock(lock)
    }

    /// A helper that keeps the caller waiting longer than two of its own
    /// chunks take was descheduled mid-chunk (its core is busy). After a few
    /// such calls, splitting costs more than it gives: run on one thread for
    /// a while, then try again, so a machine that quiets down gets both cores back.
    private func judge(waited: UInt64, perChunk: UInt64) {
        if waited > 2 * perChunk + 2_000 { strikes += 1 } else if strikes > 0 { strikes -= 1 }
        if strikes >= Helper.strikesToBackOff {
            strikes = 0
            resumeAt = calls + Helper.backOffCalls
        }
    }

    /// Nanoseconds on a monotonic clock (a vDSO call, no system call).
    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    /// Claims and runs chunks until none are left; returns how many it ran.
    private func work(_ body: (Int) -> Void, chunks: Int, generation: UInt64) -> Int {
        var ran = 0
        while let i = claim(generation, chunks: chunks) {
            body(i)
            ran += 1
        }
        return ran
    }

    private func claim(_ generation: UInt64, chunks: Int) -> Int? {
        var current = claims.load(ordering: .acquiring)
        while current >> 32 == generation, Int(current & 0xFFFF_FFFF) < chunks {
            let (exchanged, seen) = claims.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return Int(current & 0xFFFF_FFFF) }
            current = seen
        }
        return nil
    }

    private func serve() -> Never {
        var seen: UInt64 = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < Helper.idleSpins { continue }
                pthread_mutex_lock(lock)
                while posted.load(ordering: .acquiring) == seen {
                    sleeping = true
                    pthread_cond_wait(wake, lock)
                }
                sleeping = false
                pthread_mutex_unlock(lock)
            }
            pthread_mutex_lock(lock)
            let current = job
            seen = posted.load(ordering: .acquiring)
            pthread_mutex_unlock(lock)
            guard let current, current.generation == seen else { continue }
            var ran = 0
            while let i = claim(current.generation, chunks: current.chunks) {
                current.body(i)
                ran += 1
            }
            if ran > 0 { completed.add(ran, ordering: .releasing) }
        }
    }
}
