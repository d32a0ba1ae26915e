import Testing
@testable import DLKernel

/// The Adam kernel split over two threads (chunks at multiples of 16) gives
/// the same bits as one thread, including the odd tail.
@Suite struct AdamKernelTests {
    func steps(threads: Int, count n: Int) -> [Float] {
        var w = (0..<n).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 }
        var m = [Float](repeating: 0, count: n), v = [Float](repeating: 0, count: n)
        for step in 1...3 {
            let g = (0..<n).map { Float((($0 + step) * 104_729) % 2000) / 1000 - 1 }
            g.withUnsafeBufferPointer { gp in w.withUnsafeMutableBufferPointer { wp in
            m.withUnsafeMutableBufferPointer { mp in v.withUnsafeMutableBufferPointer { vp in
                adamUpdate(count: n, weights: wp.baseAddress!, gradients: gp.baseAddress!, firstMoment: mp.baseAddress!,
                           secondMoment: vp.baseAddress!, stepSize: 0.001, oneMinusBeta1: 0.1, beta2: 0.999,
                           oneMinusBeta2: 0.001, biasCorrection2Root: 0.0316, eps: 1e-8, threads: threads)
            }}}}
        }
        return w
    }

    @Test(arguments: [100_003, 1 << 15, 4_000])
    func twoThreadsGiveTheSameBits(_ n: Int) {
        let one = steps(threads: 1, count: n), two = steps(threads: 2, count: n)
        #expect(one == two)
        #expect(one.contains { $0 != 0 })
    }
}
