/// Comparisons give 0/1 tensors and are not recorded (they have no gradient).
public enum Comparison: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

    @inline(__always) func holds(_ a: Float, _ b: Float) -> Bool {
        switch self {
        case .eq: a == b
        case .ne: a != b
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        }
    }
}

extension Tensor {
    public func compare(_ other: Tensor, _ c: Comparison) throws -> Tensor {
        let shape = try broadcastShape(self, other, c.rawValue)
        return Tensor(shape: shape, storage: broadcastMap(self, other, shape) { c.holds($0, $1) ? 1 : 0 })
    }

    /// Elementwise, unrecorded update used by `x += v` / `x -= v` (NumPy semantics:
    /// the result must keep x's shape).
    public func updateInPlace(with other: Tensor, _ symbol: String, _ f: (Float, Float) -> Float) throws {
        let shape = try broadcastShape(self, other, symbol)
        guard shape == self.shape else {
            throw TensorError("cannot update \(Shape.describe(self.shape)) in place with \(Shape.describe(other.shape)): the result would have shape \(Shape.describe(shape))")
        }
        storage = broadcastMap(self, other, shape, f)
    }
}
