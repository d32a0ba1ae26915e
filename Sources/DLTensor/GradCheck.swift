/// Central differences against autograd for every element of every param.
public enum GradCheck {
    public struct Report: Sendable {
        public let index: Int
        public let shape: [Int]
        public let maxAbsoluteError: Double
        public let maxRelativeError: Double
        public let passed: Bool
    }

    /// `loss` must rebuild the graph from the params each time it is called.
    /// Differences are taken in double from float32 evaluations with step h.
    public static func check(params: [Tensor], h: Float = 1e-2, tolerance: Double = 2e-2,
                             loss: () throws -> Tensor) throws -> [Report] {
        for p in params { p.zeroGrad(); p.grad = nil }
        let value = try loss()
        try value.backward()
        var reports: [Report] = []
        for (i, p) in params.enumerated() {
            let analytic = p.grad?.storage ?? [Float](repeating: 0, count: p.count)
            var worstAbs = 0.0, worstRel = 0.0
            for j in 0..<p.count {
                let saved = p.storage[j]
                p.storage[j] = saved + h
                let up = Double(try GradMode.withoutRecording { try loss() }.storage[0])
                p.storage[j] = saved - h
                let down = Double(try GradMode.withoutRecording { try loss() }.storage[0])
                p.storage[j] = saved
                let numeric = (up - down) / (2 * Double(h))
                let abs = Swift.abs(numeric - Double(analytic[j]))
                worstAbs = Swift.max(worstAbs, abs)
                worstRel = Swift.max(worstRel, abs / Swift.max(1e-3, Swift.abs(numeric) + Swift.abs(Double(analytic[j]))))
            }
            // Float32 differences carry ~1e-3 noise: pass on a small absolute or relative error.
            reports.append(Report(index: i, shape: p.shape, maxAbsoluteError: worstAbs, maxRelativeError: worstRel,
                                  passed: worstAbs <= 2e-3 || worstRel <= tolerance))
        }
        return reports
    }
}
