import DLTensor

/// Gradient clipping by global norm, as PyTorch's `clip_grad_norm_`: one
/// norm over every gradient together, so the direction of the update is kept
/// and only its length is capped.
public enum GradClip {
    /// Rescales the gradients so their global L2 norm is at most `maxNorm`
    /// and returns the norm they had. Params without a gradient count as zero.
    /// A non-finite norm is returned without touching the gradients: scaling
    /// by it would turn every gradient into NaN and hide where it came from.
    @discardableResult
    public static func clip(_ params: [Tensor], maxNorm: Double) -> Double {
        var squares = 0.0
        for p in params {
            guard let g = p.grad else { continue }
            for v in g.storage { squares += Double(v) * Double(v) }
        }
        let norm = squares.squareRoot()
        // The 1e-6 is PyTorch's: it keeps the clipped norm just under maxNorm.
        let scale = maxNorm / (norm + 1e-6)
        guard norm.isFinite, scale < 1 else { return norm }
        let f = Float(scale)
        for p in params {
            guard let g = p.grad else { continue }
            for i in g.storage.indices { g.storage[i] *= f }
        }
        return norm
    }
}
