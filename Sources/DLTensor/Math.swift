#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One place that names the C math functions, so op files read as formulas.
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func fexp(_ x: Float) -> Float { expf(x) }
@inline(__always) func flog(_ x: Float) -> Float { logf(x) }
/// tanh from one expf: glibc's tanhf (through expm1f) was a sixth of an LSTM
/// training step. Below |x| = 0.625 the Taylor series to x¹⁷ (where
/// 1 − 2/(e²ˣ + 1) would cancel); above, that form. Within 1.6 ulp of the
/// exact value on a dense sweep of [−10, 10] (tanhf: within 1).
@inline(__always) func ftanh(_ x: Float) -> Float {
    let a = Swift.abs(x)
    let r: Float
    if a < 0.625 {
        let a2 = a * a
        var p: Float = 0.0005900274263694882
        p = p * a2 - 0.0014558343682438135
        p = p * a2 + 0.0035921279340982437
        p = p * a2 - 0.0088632358238101
        p = p * a2 + 0.021869488060474396
        p = p * a2 - 0.05396825447678566
        p = p * a2 + 0.13333334028720856
        p = p * a2 - 0.3333333432674408
        r = a + a * (a2 * p)
    } else if a < 9.1 {
        r = 1 - 2 / (expf(2 * a) + 1)
    } else {
        r = a.isNaN ? a : 1
    }
    return Float(signOf: x, magnitudeOf: r)
}
@inline(__always) func fsin(_ x: Float) -> Float { sinf(x) }
@inline(__always) func fcos(_ x: Float) -> Float { cosf(x) }
@inline(__always) func ferf(_ x: Float) -> Float { erff(x) }
@inline(__always) func fpow(_ x: Float, _ y: Float) -> Float { powf(x, y) }

/// Formats with a C format string taking one double (`%.4f`, `%.0f`, ...).
public func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([value]) { args in
        buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, format, args) }
    }
    if n >= 64 {
        buffer = [CChar](repeating: 0, count: Int(n) + 1)
        _ = withVaList([value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, Int(n) + 1, format, args) }
        }
    }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
