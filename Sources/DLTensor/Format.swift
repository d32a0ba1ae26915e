import TextFormat

/// Printing, as the language contract fixes it: NumPy-style nested brackets
/// (with commas, so the text reads back as a literal), 4 digits after the
/// point unless every value is integral, `...` past 1000 elements.
extension Tensor {
    public static let summaryThreshold = 1000
    static let edgeItems = 3

    public func formatted(digits: Int = 4) -> String {
        if rank == 0 { return NumberFormat.shortest(storage[0]) }
        let integral = storage.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        let format = integral ? "%.0f" : "%.\(digits)f"
        return laidOut { values in
            values.map { v in
                if v.isNaN { return "nan" }
                if v.isInfinite { return v < 0 ? "-inf" : "inf" }
                if integral && v == 0 { return "0" }  // no "-0"
                return cFormat(format, Double(v))
            }
        }
    }

    /// The form shown for reading (a bare tensor at the prompt, `graph`):
    /// significant digits, scientific when the values call for it, so tiny
    /// gradients never read as 0.0000. `print` keeps `formatted`.
    public func readable() -> String {
        if rank == 0 { return NumberFormat.shortest(storage[0]) }
        return laidOut { NumberFormat.column($0.map(Double.init)) }
    }

    /// Nested brackets around the shown elements, each written by `text`
    /// (which sees all of them, to choose one notation), padded to one width.
    private func laidOut(_ text: ([Float]) -> [String]) -> String {
        // By extent, not count: an empty [0, n] still walks its n positions.
        let summarize = (Shape.extent(shape) ?? Int.max) > Tensor.summaryThreshold
        // Format only what is shown, then pad to one width.
        let shownIndices = Tensor.shownOffsets(shape, summarize: summarize)
        let texts = text(shownIndices.map { storage[$0] })
        var cells: [Int: String] = [:]
        var width = 1
        for (o, t) in zip(shownIndices, texts) { cells[o] = t; width = Swift.max(width, t.count) }
        let strides = Shape.strides(shape)
        var out = ""
        func emit(axis: Int, base: Int, indent: Int) {
            out += "["
            let n = shape[axis]
            let positions = Tensor.shownPositions(n, summarize: summarize)
            let last = axis == rank - 1
            for (j, p) in positions.enumerated() {
                if j > 0 {
                    out += ","
                    if last { out += " " } else {
                        out += String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent + 1)
                    }
                }
                guard let p else { out += "..."; continue }
                if last {
                    let t = cells[base + p * strides[axis]] ?? ""
                    out += String(repeating: " ", count: width - t.count) + t
                } else {
                    emit(axis: axis + 1, base: base + p * strides[axis], indent: indent + 1)
                }
            }
            out += "]"
        }
        emit(axis: 0, base: 0, indent: 0)
        return out
    }

    /// Positions along one axis; nil stands for the elided middle.
    static func shownPositions(_ n: Int, summarize: Bool) -> [Int?] {
        if !summarize || n <= 2 * edgeItems { return Array(0..<n) }
        return Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
    }

    static func shownOffsets(_ shape: [Int], summarize: Bool) -> [Int] {
        let strides = Shape.strides(shape)
        var offsets = [0]
        for (axis, n) in shape.enumerated() {
            let ps = shownPositions(n, summarize: summarize).compactMap { $0 }
            offsets = offsets.flatMap { base in ps.map { base + $0 * strides[axis] } }
        }
        return offsets
    }
}
