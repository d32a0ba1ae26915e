/// Short number texts for axes and status lines, without Foundation.
public enum NumberFormat {
    /// Two significant digits, switching to scientific notation for tiny or
    /// huge magnitudes: 0.70, 0.035, 1.2, 12, 340, 1.2e-4, 3e6, 0, nan, inf.
    public static func compact(_ value: Double) -> String {
        if let s = nonFinite(value) { return s }
        if value == 0 { return "0" }
        let a = Swift.abs(value)
        if a >= 1e5 || a < 1e-3 { return scientific(value) }
        var e = exponent(a)
        // Rounding to two digits can carry into the next power (0.0996 → 0.10).
        if (a / power10(e - 1)).rounded() >= 100 { e += 1 }
        return fixed(value, decimals: Swift.max(0, 1 - e))
    }

    /// `value` with exactly `decimals` digits after the point (no "-0.00").
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if let s = nonFinite(value) { return s }
        let d = Swift.max(0, Swift.min(decimals, 15))
        let scale = power10(d)
        let r = (Swift.abs(value) * scale).rounded()
        guard r < 9e15 else { return scientific(value) }
        let n = Int64(r), unit = Int64(scale)
        var s = value < 0 && n != 0 ? "-" : ""
        s += String(n / unit)
        if d > 0 {
            let frac = String(n % unit)
            s += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return s
    }

    /// One decimal of mantissa, dropped when zero: 1.2e-4, 1e-3, 4.5e7.
    public static func scientific(_ value: Double) -> String {
        if let s = nonFinite(value) { return s }
        if value == 0 { return "0" }
        var (e, m) = decompose(Swift.abs(value))
        m = (m * 10).rounded() / 10
        if m >= 10 { m /= 10; e += 1 }
        let tenths = Int((m * 10).rounded())
        var s = value < 0 ? "-" : ""
        s += String(tenths / 10)
        if tenths % 10 != 0 { s += "." + String(tenths % 10) }
        return s + "e" + String(e)
    }

    /// Tick labels sharing one number of decimals chosen from their spacing,
    /// as in 0.70 / 0.35 / 0.00; scientific when that would need > 4 decimals.
    static func ticks(_ values: [Double], step: Double) -> [String] {
        let biggest = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard step > 0, step.isFinite, biggest < 1e5 else { return values.map(compact) }
        let decimals = Swift.max(0, 1 - exponent(step))
        if decimals > 4 { return values.map(compact) }
        return values.map { fixed($0, decimals: decimals) }
    }

    private static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    /// ⌊log10 a⌋ for a > 0, without the C library.
    static func exponent(_ a: Double) -> Int { decompose(a).exponent }

    /// a = mantissa × 10^exponent with 1 ≤ mantissa < 10 (a > 0 and finite;
    /// otherwise (0, a)). Scaling step by step works for subnormals too,
    /// where 10^exponent itself would underflow.
    static func decompose(_ a: Double) -> (exponent: Int, mantissa: Double) {
        guard a > 0, a.isFinite else { return (0, a) }
        var e = 0
        var x = a
        while x >= 10 { x /= 10; e += 1 }
        while x < 1 { x *= 10; e -= 1 }
        // Division drift can leave x a hair under 10 or over 1.
        if x >= 9.999_999_999_999 { x /= 10; e += 1 }
        return (e, x)
    }

    static func power10(_ e: Int) -> Double {
        var p = 1.0
        if e >= 0 { for _ in 0..<e { p *= 10 } } else { for _ in 0..<(-e) { p /= 10 } }
        return p
    }
}
