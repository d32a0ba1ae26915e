extension Tensor {
    /// Every recorded node reachable from `self`, parents before children.
    /// Iterative, so long chains (unrolled RNNs, long loops) cannot overflow the stack.
    public func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (t, i) = stack.popLast() {
            let parents = t.node?.parents ?? []
            if i < parents.count {
                stack.append((t, i + 1))
                let p = parents[i]
                if p.requiresGrad && visited.insert(ObjectIdentifier(p)).inserted { stack.append((p, 0)) }
            } else {
                order.append(t)
            }
        }
        return order
    }

    /// Backpropagates from a one-element tensor. Params accumulate into `.grad`
    /// until `zeroGrad`, as in PyTorch; intermediate nodes get this pass's gradient
    /// (kept so the graph can show it).
    public func backward() throws { try backward(observe: nil) }

    /// The backward pass; `observe` sees each node with its upstream gradient
    /// and what it passed to its parents (the backprop view records these).
    func backward(observe: ((Tensor, [Float], [[Float]?]) -> Void)?) throws {
        guard count == 1 else {
            throw TensorError("backward needs a one-element loss, got shape \(Shape.describe(shape))",
                              help: "reduce it first, e.g. backward(mean(loss))")
        }
        guard requiresGrad else {
            throw TensorError("backward: this value does not depend on any param",
                              help: "make trainable tensors with param(...) before computing the loss")
        }
        let order = topologicalOrder()
        var pending: [ObjectIdentifier: [Float]] = [ObjectIdentifier(self): [1]]
        for t in order.reversed() {
            guard let g = pending.removeValue(forKey: ObjectIdentifier(t)) else { continue }
            if t.isParam {
                if let existing = t.grad, existing.count == g.count {
                    existing.storage.withUnsafeMutableBufferPointer { e in
                        for i in 0..<g.count { e[i] += g[i] }
                    }
                } else {
                    t.grad = Tensor(shape: t.shape, storage: g)
                }
            } else {
                t.grad = Tensor(shape: t.shape, storage: g)
            }
            guard let node = t.node else { continue }
            let contributions = node.backward(g, node.parents)
            observe?(t, g, contributions)
            for (parent, c) in zip(node.parents, contributions) {
                guard let c, parent.requiresGrad else { continue }
                let key = ObjectIdentifier(parent)
                if let acc = pending.removeValue(forKey: key) {
                    // A new array for the sum: the gradient waiting here is often
                    // also a node's `.grad` (an add passes its own on to both
                    // inputs, as a residual block's does), and adding in place
                    // copied it first.
                    pending[key] = [Float](unsafeUninitializedCapacity: acc.count) { sum, made in
                        acc.withUnsafeBufferPointer { a in c.withUnsafeBufferPointer { c in
                            let both = Swift.min(a.count, c.count)
                            for i in 0..<both { sum[i] = a[i] + c[i] }
                            for i in both..<a.count { sum[i] = a[i] }
                        } }
                        made = acc.count
                    }
                } else {
                    pending[key] = c
                }
            }
        }
    }

    /// Sets the gradient to zeros (kept, so `.grad` still reads as a tensor).
    public func zeroGrad() { if grad != nil { grad = Tensor(shape: shape, storage: [Float](repeating: 0, count: count)) } }
}
