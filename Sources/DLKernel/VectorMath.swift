/// exp, σ and tanh on 16 lanes at once, in plain arithmetic and bit
/// operations only: the standard library's generic SIMD `rounded`, `clamped`
/// and float-to-int conversions run lane by lane, and an LSTM calls five of
/// these per unit and step. Same arithmetic on every machine, so the same
/// numbers; within a few ulp of libm.
typealias Lanes = SIMD16<Float>

extension SIMD16 where Scalar == Float {
    /// The first `count` (≤ 16) floats at p, the other lanes zero. A short
    /// row's tail is copied in as bytes: setting lanes one at a time was
    /// most of a softmax over 62 classes.
    @inline(__always) static func load(_ p: UnsafePointer<Float>, _ count: Int) -> Self {
        if count == 16 { return UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
        var v = Self()
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: count * 4) }
        return v
    }

    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>, _ count: Int) -> Self {
        load(UnsafePointer(p), count)
    }

    /// Writes the first `count` (≤ 16) lanes to p.
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 16 { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self); return }
        withUnsafeBytes(of: self) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }

    /// True in the lanes at and after `count`, by one comparison (setting a
    /// mask's lanes one at a time was most of a softmax).
    @_transparent static func pastEnd(_ count: Int) -> SIMDMask<SIMD16<Int32>> {
        SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .>= SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: count))
    }
}

/// Σ over j < d of the lanes `part(j, width)` returns (unused lanes must be zero).
@inline(__always) func laneSum(_ d: Int, _ part: (Int, Int) -> Lanes) -> Float {
    var acc = Lanes()
    var j = 0
    while j < d {
        acc += part(j, Swift.min(16, d - j))
        j += 16
    }
    return acc.sum()
}


/// b where the mask is set, else a: one masked move (a mask cast to
/// integer lanes instead went through the mask registers lane by lane).
@_transparent func select(_ mask: SIMDMask<SIMD16<Int32>>, _ b: Lanes, else a: Lanes) -> Lanes {
    a.replacing(with: b, where: mask)
}

// Minimum and maximum as a comparison and a masked move: `pointwiseMin`
// and `pointwiseMax` are generic and were called out of line.
@_transparent func lanewiseMin(_ a: Lanes, _ b: Float) -> Lanes { a.replacing(with: b, where: a .> b) }

@_transparent func lanewiseMax(_ a: Lanes, _ b: Float) -> Lanes { a.replacing(with: b, where: a .< b) }

@_transparent func lanewiseMax(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: a .< b) }

/// The largest lane, by halves (the standard library's `max()` goes lane by lane through memory).
@_transparent func largest(_ v: Lanes) -> Float {
    let h8 = v.lowHalf.replacing(with: v.highHalf, where: v.lowHalf .< v.highHalf)
    let h4 = h8.lowHalf.replacing(with: h8.highHalf, where: h8.lowHalf .< h8.highHalf)
    let h2 = h4.lowHalf.replacing(with: h4.highHalf, where: h4.lowHalf .< h4.highHalf)
    return Swift.max(h2[0], h2[1])
}

/// σ(x) for one number, in the same arithmetic as the vector kernels (the stepper's numbers).
public func laneSigmoid(_ x: Float) -> Float { vsigmoid(Lanes(repeating: x))[0] }

/// tanh(x) for one number, in the same arithmetic as the vector kernels.
public func laneTanh(_ x: Float) -> Float { vtanh(Lanes(repeating: x))[0] }

/// p·x + c as one fused multiply-add: one rounding, and half the
/// instructions of a polynomial's steps (an LSTM cell evaluates seven
/// polynomials per 16 units).
@_transparent func horner(_ p: Lanes, _ x: Lanes, _ c: Float) -> Lanes {
    Lanes(repeating: c).addingProduct(p, x)
}

/// e^x: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r⁷,
/// 2ⁿ written straight into the exponent bits. Below −87 it is 0 and above
/// 87 it stays at e⁸⁷: never a subnormal, because arithmetic on subnormals
/// is many times slower, and softmax over masked scores (−1e9) would feed
/// them to every product after it.
@_transparent func vexp(_ x: Lanes) -> Lanes {
    let under = x .< -87
    let x = lanewiseMax(lanewiseMin(x, 87), -87)
    // Adding 1.5·2²³ rounds x·log₂e to a whole number n, held in the low mantissa bits.
    let magic: Float = 12_582_912
    let y = x * 1.442_695_04 + magic
    let n = y - magic
    // r = x − n·ln 2, with ln 2 in two parts so r keeps its low bits.
    var r = x.addingProduct(n, Lanes(repeating: -0.693_145_751_953_125))
    r = r.addingProduct(n, Lanes(repeating: -1.428_606_765_330_187e-6))
    var p = Lanes(repeating: 1.0 / 5040)
    p = horner(p, r, 1.0 / 720)
    p = horner(p, r, 1.0 / 120)
    p = horner(p, r, 1.0 / 24)
    p = horner(p, r, 1.0 / 6)
    p = horner(p, r, 0.5)
    p = horner(p, r, 1)
    p = horner(p, r, 1)
    let bits = unsafeBitCast(y, to: SIMD16<Int32>.self) &- 0x4B40_0000 &+ 127
    return select(under, Lanes(), else: p * unsafeBitCast(bits &<< 23, to: Lanes.self))
}

/// σ(x) = 1 / (1 + e^−x).
@_transparent func vsigmoid(_ x: Lanes) -> Lanes {
    1 / (1 + vexp(-x))
}

/// tanh(x): below |x| = 0.625 its odd series to x¹⁷ (where 1 − 2/(e²ˣ + 1)
/// would cancel), above it that form, with x's sign: the coefficients of
/// DLTensor's scalar `ftanh`, on 16 lanes and with fused steps.
@_transparent func vtanh(_ x: Lanes) -> Lanes {
    let signBits = unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x8000_0000
    let a = unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: Lanes.self)
    let a2 = a * a
    var p = Lanes(repeating: 0.000_590_027_426_369_488_2)
    p = horner(p, a2, -0.001_455_834_368_243_813_5)
    p = horner(p, a2, 0.003_592_127_934_098_243_7)
    p = horner(p, a2, -0.008_863_235_823_810_1)
    p = horner(p, a2, 0.021_869_488_060_474_396)
    p = horner(p, a2, -0.053_968_254_476_785_66)
    p = horner(p, a2, 0.133_333_340_287_208_56)
    p = horner(p, a2, -0.333_333_343_267_440_8)
    let small = a + a * (a2 * p)
    let large = 1 - 2 / (vexp(2 * a) + 1)
    let r = select(a .< 0.625, small, else: large)
    return unsafeBitCast(unsafeBitCast(r, to: SIMD16<UInt32>.self) | signBits, to: Lanes.self)
}
