import Dispatch
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import DLKernel

/// The split between the caller and the helper thread: every chunk runs
/// exactly once, whoever claims it, however the two threads are scheduled.
@Suite struct HelperTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func add(_ n: Int) { value.add(n, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    final class Counts: Sendable {
        let slots: [Counter]
        init(_ n: Int) { slots = (0..<n).map { _ in Counter() } }
    }

    @Test func everyChunkRunsOnceAcrossManyJobs() {
        for job in 0..<5_000 {
            let chunks = 2 + job % 7
            let counts = Counts(chunks)
            Helper.shared.parallel(chunks: chunks) { i in
                // Some chunks are slow, so the helper is sometimes mid-chunk when the caller finishes.
                if i == chunks - 1 && job % 10 == 0 { for _ in 0..<2_000 { _ = counts.slots[0].count } }
                counts.slots[i].add(1)
            }
            let ran = counts.slots.map(\.count)
            #expect(ran == [Int](repeating: 1, count: chunks), "job \(job): \(ran)")
            if ran != [Int](repeating: 1, count: chunks) { return }
        }
    }

    @Test func theHelperTakesPartOfTheWork() {
        let caller = pthread_self()
        let elsewhere = Counter()
        for _ in 0..<2_000 {
            Helper.shared.parallel(chunks: 4) { _ in
                if pthread_equal(pthread_self(), caller) == 0 { elsewhere.add(1) }
                for _ in 0..<5_000 { _ = elsewhere.count }   // long enough for the helper to join
            }
        }
        #expect(elsewhere.count > 0, "the helper never ran a chunk: the split did nothing")
    }

    @Test func twoCallersAtOnceBothFinish() {
        let total = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<500 {
                Helper.shared.parallel(chunks: 4) { _ in total.add(1) }
            }
        }
        #expect(total.count == 4 * 500 * 4)
    }

    @Test func oneChunkOrNoneRunsInline() {
        let total = Counter()
        Helper.shared.parallel(chunks: 1) { _ in total.add(1) }
        Helper.shared.parallel(chunks: 0) { _ in total.add(100) }
        #expect(total.count == 1)
    }
}
