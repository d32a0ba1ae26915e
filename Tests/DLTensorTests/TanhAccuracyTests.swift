import Testing
import DLTensor
#if canImport(Glibc)
import Glibc
#endif

/// tanh is computed from one exp rather than by the C library's tanhf, so
/// its accuracy is checked here: against the double-precision tanh, on a
/// dense sweep and on tiny, huge and special values.
@Suite struct TanhAccuracyTests {
    @Test func withinTwoUnitsInTheLastPlace() {
        var xs: [Float] = (0...400_000).map { -10 + Float($0) * 5e-5 }
        xs += (0...2000).map { Float(pow(10.0, -30 + Double($0) * 0.015)) }
        xs += [0.625, 0.624999, 9.1, 9.09999, 20, 1e30, Float.greatestFiniteMagnitude, Float.leastNonzeroMagnitude]
        xs += xs.map { -$0 }
        let y = Tensor(shape: [xs.count], storage: xs).tanh().storage
        var worst: Double = 0, at: Float = 0
        for (x, v) in zip(xs, y) {
            let exact = exactTanh(Double(x))
            let ulp = Double(Float(exact).ulp)
            let err = abs(Double(v) - exact) / ulp
            if err > worst { worst = err; at = x }
        }
        #expect(worst <= 2, "worst error \(worst) ulp at x = \(at)")
        let specials = Tensor(shape: [4], storage: [0, -0.0, .infinity, -.infinity]).tanh().storage
        #expect(specials == [0, 0, 1, -1] && specials[1].sign == .minus)
        #expect(Tensor(shape: [1], storage: [.nan]).tanh().storage[0].isNaN)
    }
}

/// The C library's double tanh, the reference.
private func exactTanh(_ x: Double) -> Double { tanh(x) }
