/// The LSTM cell's elementwise work, one row of a step at a time, 16 units
/// per pass: built here, with native code generation, because it is most of
/// an LSTM's arithmetic outside the matrix products.

/// One row of a step, 16 units at a time: the gate pre-activations z
/// (i, f, g, o; n of each) become their activations in place, and the
/// cell c', tanh(c') and h' are written. No previous cell means zero.
public func lstmCellForward(_ n: Int, _ z: UnsafeMutablePointer<Float>, _ previous: UnsafePointer<Float>?,
                            _ c: UnsafeMutablePointer<Float>, _ tc: UnsafeMutablePointer<Float>,
                            _ h: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        let i = vsigmoid(Lanes.load(z + j, w)), f = vsigmoid(Lanes.load(z + n + j, w))
        let g = vtanh(Lanes.load(z + 2 * n + j, w)), o = vsigmoid(Lanes.load(z + 3 * n + j, w))
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        let cNew = f * before + i * g
        let t = vtanh(cNew)
        i.store(z + j, w); f.store(z + n + j, w); g.store(z + 2 * n + j, w); o.store(z + 3 * n + j, w)
        cNew.store(c + j, w); t.store(tc + j, w); (o * t).store(h + j, w)
        j += 16
    }
}

/// The same row on the way back: from the gates, the previous cell,
/// tanh(c'), and what reaches h' (from the output and the next step) and
/// c' (from the next step), the four gates' ∂L/∂z; `dc` becomes what
/// reaches the previous cell.
public func lstmCellBackward(_ n: Int, _ z: UnsafePointer<Float>, _ previous: UnsafePointer<Float>?,
                             _ tc: UnsafePointer<Float>, _ up: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                             _ dc: UnsafeMutablePointer<Float>, _ dz: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < n {
        let w = Swift.min(16, n - j)
        let i = Lanes.load(z + j, w), f = Lanes.load(z + n + j, w)
        let g = Lanes.load(z + 2 * n + j, w), o = Lanes.load(z + 3 * n + j, w)
        let t = Lanes.load(tc + j, w), gh = Lanes.load(up + j, w) + Lanes.load(dh + j, w)
        let before = previous == nil ? Lanes() : Lanes.load(previous! + j, w)
        // c' reaches the loss through the next step's cell and through h' = σ(o)·tanh(c').
        let dcNew = Lanes.load(dc + j, w) + gh * o * (1 - t * t)
        (dcNew * g * i * (1 - i)).store(dz + j, w)
        (dcNew * before * f * (1 - f)).store(dz + n + j, w)
        (dcNew * i * (1 - g * g)).store(dz + 2 * n + j, w)
        (gh * t * o * (1 - o)).store(dz + 3 * n + j, w)
        (dcNew * f).store(dc + j, w)
        j += 16
    }
}

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
}
