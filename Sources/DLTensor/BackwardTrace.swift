/// One node's turn in the backward pass: what arrived from above, and what
/// it passed to each parent. The backprop view steps through these.
public struct BackwardStep {
    public let node: Tensor
    public let op: Op
    /// ∂L/∂(this node's output).
    public let upstream: [Float]
    /// What each parent received from this node (nil: it needed no gradient).
    public let contributions: [[Float]?]
}

extension Tensor {
    /// Runs `backward()` and records every step, in the order they happen
    /// (reverse topological). Params accumulate into `.grad` exactly as with
    /// `backward()`.
    public func backwardTrace() throws -> [BackwardStep] {
        var steps: [BackwardStep] = []
        try backward { node, g, contributions in
            steps.append(BackwardStep(node: node, op: node.node!.op, upstream: g, contributions: contributions))
        }
        return steps
    }
}
