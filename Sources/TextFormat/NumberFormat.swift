/// How every number meant for reading is written: the stepper, `graph`, a
/// tensor shown at the prompt, panels, tables, axes and reports. One rule,
/// NumPy's in spirit: significant digits in plain notation between 1e-3 and
/// 1e5, scientific outside, so a gradient of 2e-5 never reads as 0.0000.
/// (`print(t)` keeps the language's fixed 4 decimals; see `fixed`.)
public enum NumberFormat {
    /// The range written in plain notation; outside it, scientific.
    static func isPlain(_ magnitude: Double) -> Bool { magnitude >= 1e-3 && magnitude < 1e5 }

    /// `significant` digits, trailing zeros dropped: 0.6016, -0.0077, 12.5,
    /// 1.694e-5, 3e6, 0, nan, inf.
    public static func readable(_ value: Double, significant: Int = 4) -> String {
        if let s = nonFinite(value) { return s }
        if value == 0 { return "0" }
        let a = Swift.abs(value)
        guard isPlain(a) else { return scientific(value, significant: significant) }
        let s = fixed(value, decimals: decimals(a, significant: significant))
        return dropTrailingZeros(s)
    }

    /// Two significant digits (or `significant`), zeros kept so labels and
    /// report columns line up: 0.70, 0.035, 1.2, 12, 340, 1.2e-4, 1.2e6, 0, nan.
    public static func compact(_ value: Double, significant: Int = 2) -> String {
        if let s = nonFinite(value) { return s }
        if value == 0 { return "0" }
        let a = Swift.abs(value)
        guard isPlain(a) else { return scientific(value, significant: significant) }
        return fixed(value, decimals: decimals(a, significant: significant))
    }

    /// The texts of many values shown together (a tensor's elements): one
    /// notation for all, so columns compare at a glance. Integral values stay
    /// integers; plain values get 4 decimals, as `print` does; if any value
    /// needs scientific notation, every value is written that way.
    public static func column(_ values: [Double]) -> [String] {
        let finite = values.filter { $0.isFinite }
        if finite.allSatisfy({ $0 == $0.rounded() && Swift.abs($0) < 1e15 }) {
            return values.map { nonFinite($0) ?? ($0 == 0 ? "0" : fixed($0, decimals: 0)) }
        }
        let plain = finite.allSatisfy { $0 == 0 || isPlain(Swift.abs($0)) }
        return values.map { v in
            if let s = nonFinite(v) { return s }
            if plain { return fixed(v, decimals: 4) }
            return v == 0 ? "0" : scientific(v, significant: 4)
        }
    }

    /// A fraction as a whole percentage: 0.034 → "3%".
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return nonFinite(fraction) ?? "" }
        return "\(Int((fraction * 100).rounded()))%"
    }

    /// `value` with exactly `decimals` digits after the point (no "-0.00").
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if let s = nonFinite(value) { return s }
        let d = Swift.max(0, Swift.min(decimals, 15))
        let scale = power10(d)
        let r = (Swift.abs(value) * scale).rounded()
        guard r < 9e15 else { return scientific(value, significant: 4) }
        let n = Int64(r), unit = Int64(scale)
        var s = value < 0 && n != 0 ? "-" : ""
        s += String(n / unit)
        if d > 0 {
            let frac = String(n % unit)
            s += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return s
    }

    /// Mantissa with up to `significant` digits, trailing zeros dropped:
    /// 1.2e-4, 1e-3, 4.5e7.
    public static func scientific(_ value: Double, significant: Int = 2) -> String {
        if let s = nonFinite(value) { return s }
        if value == 0 { return "0" }
        let digits = Swift.max(1, Swift.min(significant, 15))
        var (e, m) = decompose(Swift.abs(value))
        let scale = power10(digits - 1)
        var units = (m * scale).rounded()
        if units >= 10 * scale { units /= 10; e += 1 }  // 9.96 → 10.0 → 1.0e+1
        m = units / scale
        let text = dropTrailingZeros(fixed(m, decimals: digits - 1))
        return (value < 0 ? "-" : "") + text + "e" + String(e)
    }

    /// Tick labels sharing one number of decimals chosen from their spacing,
    /// as in 0.70 / 0.35 / 0.00; scientific when that would need > 4 decimals.
    public static func ticks(_ values: [Double], step: Double) -> [String] {
        let biggest = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard step > 0, step.isFinite, biggest < 1e5 else { return values.map { compact($0) } }
        let decimals = Swift.max(0, 1 - exponent(step))
        if decimals > 4 { return values.map { compact($0) } }
        return values.map { fixed($0, decimals: decimals) }
    }

    /// Decimals that give `significant` digits for a magnitude in the plain
    /// range; rounding can carry into the next power (0.0996 → 0.10).
    static func decimals(_ a: Double, significant: Int) -> Int {
        var e = exponent(a)
        if (a / power10(e - significant + 1)).rounded() >= power10(significant) { e += 1 }
        return Swift.max(0, significant - 1 - e)
    }

    static func dropTrailingZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }

    static func nonFinite(_ value: Double) -> String? {
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
