import DLKernel
#if canImport(Glibc)
import Glibc
#endif

// dlbench: the engine's own figures, one result per line as
//   sgemm <n> <threads> <GFLOPS>
//   toy <shape> <microseconds per call>
// after a first line `isa <what the kernel was built for>`.
// bench/run.sh puts them side by side with the peers measured in the same run.
// Timing: warm-up, runs of ~60 ms, median of 5.
// `--cpu-time` times 1-thread products by this thread's CPU time instead of the
// wall clock, so that tuning the kernel on a machine other builds are loading
// does not count the time it was descheduled (not comparable with the peers).

let cpuTime = CommandLine.arguments.contains("--cpu-time")

func now() -> Double {
    var ts = timespec()
    clock_gettime(cpuTime ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func measure(_ body: () -> Void) -> Double {
    let t0 = now()
    body()
    return now() - t0
}

func timePerCall(_ body: () -> Void) -> Double {
    for _ in 0..<3 { body() }
    var reps = 1
    while true {
        let t = measure { for _ in 0..<reps { body() } }
        if t > 0.02 { reps = max(1, Int(Double(reps) * 0.06 / t)); break }
        reps *= 4
    }
    let runs = (0..<5).map { _ in measure { for _ in 0..<reps { body() } } / Double(reps) }
    return runs.sorted()[2]
}

func gemmTime(m: Int, n: Int, k: Int, threads: Int) -> Double {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Float { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Float(state >> 40) / 16_777_216 - 0.5 }
    let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
    var c = [Float](repeating: 0, count: m * n)
    return a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                timePerCall {
                    sgemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                          b: bp.baseAddress!, bRowStride: n, bColStride: 1,
                          c: cp.baseAddress!, ldc: n, accumulate: false, threads: threads)
                }
            }
        }
    }
}

print("isa \(kernelISA)")
let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for n in sizes.isEmpty ? [64, 256, 1024] : sizes {
    for threads in cpuTime ? [1] : [1, 2] {
        let t = gemmTime(m: n, n: n, k: n, threads: threads)
        print("sgemm \(n) \(threads) \(Int((2 * Double(n * n * n) / t / 1e9).rounded()))")
    }
}
for (m, k, n) in [(32, 2, 16), (32, 64, 128), (128, 64, 32)] {
    let t = gemmTime(m: m, n: n, k: k, threads: 2)
    print("toy \(m)x\(k)@\(k)x\(n) \(Double(Int(t * 1e8)) / 100)")
}
// The char LSTM's per-step recurrent products (batch 32, 64 steps, 128 units),
// with its strides: h_{t-1}·W_hh into the gates (rows 64·512 floats apart) and
// dz_t·W_hhᵀ into dh, each against a W_hh packed once, as lstmForwardSteps and
// lstmBackwardSteps run them. GFLOPS of one thread.
do {
    let batch = 32, time = 64, n = 128, g4 = 4 * n
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> Float { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Float(state >> 40) / 16_777_216 - 0.5 }
    let w = (0..<(n * g4)).map { _ in next() }
    let hidden = (0..<(batch * time * n)).map { _ in next() }
    var gates = (0..<(batch * time * g4)).map { _ in next() }
    var dh = [Float](repeating: 0, count: batch * n)
    w.withUnsafeBufferPointer { wp in hidden.withUnsafeBufferPointer { hp in
    gates.withUnsafeMutableBufferPointer { zp in dh.withUnsafeMutableBufferPointer { dhp in
        let forward = PackedB(k: n, n: g4, b: wp.baseAddress!, rowStride: g4, colStride: 1)
        let backward = PackedB(k: g4, n: n, b: wp.baseAddress!, rowStride: 1, colStride: g4)
        let tf = timePerCall {
            sgemm(m: batch, n: g4, k: n, a: hp.baseAddress!, aRowStride: time * n, aColStride: 1,
                  b: forward, c: zp.baseAddress! + g4, ldc: time * g4, accumulate: true, threads: 1)
        }
        let tb = timePerCall {
            sgemm(m: batch, n: n, k: g4, a: zp.baseAddress!, aRowStride: time * g4, aColStride: 1,
                  b: backward, c: dhp.baseAddress!, ldc: n, accumulate: false, threads: 1)
        }
        let flops = 2 * Double(batch * n * g4)
        print("lstm-step forward \(batch)x\(n)@\(n)x\(g4) \(Double(Int(flops / tf / 1e7)) / 100) GFLOPS")
        print("lstm-step backward \(batch)x\(g4)@\(g4)x\(n) \(Double(Int(flops / tb / 1e7)) / 100) GFLOPS")
    } } } }
}

// The Adam update of the digits MLP's first weight (8,192 floats), per element;
// then with the moments decayed into subnormals, as for pixels that are always 0.
for (label, start, grad) in [("adam", Float(0), Float(1)), ("adam-subnormal", Float(1e-39), Float(0))] {
    let n = 8192
    var w = [Float](repeating: 0.1, count: n), m = [Float](repeating: start, count: n), v = [Float](repeating: start, count: n)
    let g = (0..<n).map { grad * (Float($0 % 97) / 97 - 0.5) }
    let t = timePerCall {
        g.withUnsafeBufferPointer { gp in w.withUnsafeMutableBufferPointer { wp in
        m.withUnsafeMutableBufferPointer { mp in v.withUnsafeMutableBufferPointer { vp in
            adamUpdate(count: n, weights: wp.baseAddress!, gradients: gp.baseAddress!, firstMoment: mp.baseAddress!,
                       secondMoment: vp.baseAddress!, stepSize: 0.001, oneMinusBeta1: 0.1, beta2: 0.999,
                       oneMinusBeta2: 0.001, biasCorrection2Root: 0.0316, eps: 1e-8, threads: 1)
        }}}}
    }
    print("\(label) \(n) \(Double(Int(t / Double(n) * 1e11)) / 100) ns/element")
}
