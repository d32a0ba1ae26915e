extension Duration {
    /// The duration in seconds, as one number (elapsed times, rates, ETAs).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension NumberFormat {
    /// A time left or taken, as a clock reads: 0:07, 12:30, 1:02:03.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "-:--" }
        let t = Int(seconds.rounded())
        func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return t >= 3600 ? "\(t / 3600):\(pad2((t / 60) % 60)):\(pad2(t % 60))" : "\(t / 60):\(pad2(t % 60))"
    }

    /// A rate or a count read at a glance: 850, 1.2k, 12.5k.
    public static func count(_ value: Double) -> String {
        guard value.isFinite, Swift.abs(value) < 1e15 else { return nonFinite(value) ?? scientific(value) }
        if value < 1000 { return String(Int(value.rounded())) }
        let tenths = Int((value / 100).rounded())
        return "\(tenths / 10).\(tenths % 10)k"
    }

    /// The shortest decimal that reads back to the same double, without a
    /// trailing `.0` (Swift writes 3.0 and 1e-08; the language wants 3 and 1e-08).
    public static func shortest(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return trimZero(v.description)
    }

    /// The shortest decimal that reads back to the same float32.
    public static func shortest(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return trimZero(v.description)
    }

    private static func trimZero(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }
}
