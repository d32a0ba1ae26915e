public enum Axis: Sendable {
    case horizontal, vertical
}

/// How much of a split a part takes, along the split's axis.
public enum Constraint: Sendable, Equatable {
    /// Exactly n cells (less when the rect is too small).
    case fixed(Int)
    /// A share, by weight, of what fixed, ratio and min parts leave.
    case fill(Int)
    /// numerator/denominator of the whole extent, rounded down.
    case ratio(Int, Int)
    /// At least n cells, then grows like `fill(1)`.
    case min(Int)
}

public enum Layout {
    /// Splits `rect` along `axis` into one rect per constraint, in order and
    /// without gaps. Sizes are handed out fixed first, then ratios (of the
    /// whole extent), then the minimums of `min`; what is left is shared by
    /// `fill` and `min` parts in proportion to their weights (`min` weighs 1),
    /// the rounding remainder going to the last of them. Each size is capped
    /// by what is still left, so the parts never exceed the rect; with no
    /// fill or min part the leftover stays unused at the end.
    public static func split(_ rect: Rect, _ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
        let total = axis == .horizontal ? rect.width : rect.height
        var sizes = [Int](repeating: 0, count: constraints.count)
        var left = total

        func take(_ i: Int, _ want: Int) {
            let n = Swift.min(Swift.max(0, want), left)
            sizes[i] += n
            left -= n
        }
        for (i, c) in constraints.enumerated() { if case .fixed(let n) = c { take(i, n) } }
        for (i, c) in constraints.enumerated() {
            if case .ratio(let num, let den) = c, den > 0 { take(i, total * Swift.max(0, num) / den) }
        }
        for (i, c) in constraints.enumerated() { if case .min(let n) = c { take(i, n) } }

        var weights: [(index: Int, weight: Int)] = []
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fill(let w): weights.append((i, Swift.max(0, w)))
            case .min: weights.append((i, 1))
            default: break
            }
        }
        let weightSum = weights.reduce(0) { $0 + $1.weight }
        if left > 0, !weights.isEmpty {
            let pool = left
            if weightSum > 0 {
                for (i, w) in weights { take(i, pool * w / weightSum) }
            }
            take(weights[weights.count - 1].index, left)   // rounding remainder (or all, if weights are 0)
        }

        var out: [Rect] = []
        out.reserveCapacity(constraints.count)
        var offset = 0
        for size in sizes {
            switch axis {
            case .horizontal: out.append(Rect(x: rect.x + offset, y: rect.y, width: size, height: rect.height))
            case .vertical: out.append(Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: size))
            }
            offset += size
        }
        return out
    }
}
