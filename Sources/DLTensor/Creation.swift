import TextFormat
extension Tensor {
    public static func filled(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, storage: [Float](repeating: value, count: Shape.count(shape)))
    }
    public static func zeros(_ shape: [Int]) -> Tensor { filled(shape, 0) }
    public static func ones(_ shape: [Int]) -> Tensor { filled(shape, 1) }

    public static func randn(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, storage: (0..<Shape.count(shape)).map { _ in rng.normal() })
    }

    public static func rand(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, storage: (0..<Shape.count(shape)).map { _ in rng.uniform() })
    }

    /// `arange(start, stop, step)`: NumPy's count, ceil((stop − start) / step).
    public static func arange(_ start: Double, _ stop: Double, _ step: Double) throws -> Tensor {
        guard step != 0 else { throw TensorError("arange: step cannot be 0") }
        guard start.isFinite, stop.isFinite, step.isFinite else {
            throw TensorError("arange: start, stop and step must be finite numbers")
        }
        let count = arangeCount(start, stop, step)
        guard count <= 100_000_000 else { throw TensorError("arange: \(NumberFormat.shortest(count)) elements is too many") }
        let n = Int(count)
        return Tensor(shape: [n], storage: (0..<n).map { Float(start + Double($0) * step) })
    }

    /// NumPy's count as a Double, at least 0: the quotient of finite numbers
    /// can still be infinite (1e308 / 1e-308) or far past Int's range.
    public static func arangeCount(_ start: Double, _ stop: Double, _ step: Double) -> Double {
        let raw = ((stop - start) / step).rounded(.up)
        return raw.isNaN ? .infinity : Swift.max(0, raw)
    }

    public static func linspace(_ a: Double, _ b: Double, _ n: Int) throws -> Tensor {
        guard n >= 0 else { throw TensorError("linspace: count must be at least 0, got \(n)") }
        if n == 1 { return Tensor(shape: [1], storage: [Float(a)]) }
        let step = (b - a) / Double(n - 1)
        return Tensor(shape: [n], storage: (0..<n).map { $0 == n - 1 ? Float(b) : Float(a + Double($0) * step) })
    }

    public static func eye(_ n: Int) -> Tensor {
        var s = [Float](repeating: 0, count: n * n)
        for i in 0..<n { s[i * n + i] = 1 }
        return Tensor(shape: [n, n], storage: s)
    }

    /// Rows of zeros with a 1 at each label; labels must be integers in 0..<classes.
    public static func onehot(_ labels: Tensor, classes: Int) throws -> Tensor {
        guard classes > 0 else { throw TensorError("onehot: the number of classes must be positive, got \(classes)") }
        try Shape.requireSize(labels.shape + [classes], "onehot")
        var s = [Float](repeating: 0, count: labels.count * classes)
        for (i, v) in labels.storage.enumerated() {
            // Int(exactly:) refuses NaN, infinities and values past Int's range.
            guard let label = Int(exactly: v), label >= 0, label < classes else {
                throw TensorError("onehot: label \(NumberFormat.shortest(v)) at position \(i) is not an integer in 0..<\(classes)")
            }
            s[i * classes + label] = 1
        }
        return Tensor(shape: labels.shape + [classes], storage: s)
    }
}

extension Tensor {
    /// An array of `count` floats whose every element the caller writes
    /// before reading: zero-filling the large buffers of a fused op first
    /// was 4% of an LSTM's training.
    static func unfilled(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
    }
}
