extension Tensor {
    /// The rows (first-axis entries) at `indices`, copied, unrecorded.
    public func rows(_ indices: [Int]) -> Tensor {
        let width = shape.isEmpty ? 1 : count / Swift.max(shape[0], 1)
        // Every element is copied below, so none is zero-filled first.
        var out = Tensor.unfilled(indices.count * width)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (r, i) in indices.enumerated() {
                    (dst.baseAddress! + r * width).update(from: src.baseAddress! + i * width, count: width)
                }
            }
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), storage: out)
    }
}
