import DLTensor
import TextFormat

/// The text form of a recorded graph, one line per node, inputs first.
enum GraphText {
    static func describe(_ root: Tensor) -> String {
        let nodes = allNodes(root)
        var ids: [ObjectIdentifier: Int] = [:]
        for (i, t) in nodes.enumerated() { ids[ObjectIdentifier(t)] = i + 1 }
        var lines: [String] = []
        var lastScope: GradScope? = nil
        for t in nodes {
            let id = ids[ObjectIdentifier(t)]!
            let what: String
            if let node = t.node {
                what = node.op.name + "(" + node.parents.map { "#\(ids[ObjectIdentifier($0)]!)" }.joined(separator: ", ") + ")"
            } else {
                what = t.isParam ? "param" : "const"
            }
            var line = "#\(id) \(what)  \(Shape.describe(t.shape))  value \(summary(t))"
            if let g = t.grad, t.requiresGrad { line += "  grad \(summary(g))" }
            // Which layer made the node, said once per run of nodes from one layer.
            if let scope = t.node?.scope, scope !== lastScope { line += "  · \(scope.description)" }
            if t.node != nil { lastScope = t.node?.scope }
            lines.append(line)
        }
        if root.node == nil && !root.isParam { lines.append("(this tensor was not computed from a param, so nothing was recorded)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The graph as a tree from the result down to its inputs, one line per
    /// node, indented by depth; a node reached again points back to its line.
    static func tree(_ root: Tensor) -> [String] {
        let nodes = allNodes(root)
        var ids: [ObjectIdentifier: Int] = [:]
        for (i, t) in nodes.enumerated() { ids[ObjectIdentifier(t)] = i + 1 }
        var lines: [String] = []
        var shown = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int, GradScope?)] = [(root, 0, nil)]
        while let (t, depth, parentScope) = stack.popLast() {
            let key = ObjectIdentifier(t)
            let id = ids[key]!
            let indent = String(repeating: "  ", count: depth)
            let what = t.node.map { $0.op.name } ?? (t.isParam ? "param" : "const")
            if !shown.insert(key).inserted {
                lines.append("\(indent)#\(id) \(what) (shown above)")
                continue
            }
            var line = "\(indent)#\(id) \(what)  \(Shape.describe(t.shape))  value \(summary(t))"
            if let g = t.grad, t.requiresGrad { line += "  grad \(summary(g))" }
            let scope = t.node?.scope
            if let scope, scope !== parentScope { line += "  · \(scope.description)" }
            lines.append(line)
            for p in (t.node?.parents ?? []).reversed() { stack.append((p, depth + 1, scope ?? parentScope)) }
        }
        return lines
    }

    /// Every tensor the root was computed from, constants included, parents first.
    static func allNodes(_ root: Tensor) -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>([ObjectIdentifier(root)])
        var stack: [(Tensor, Int)] = [(root, 0)]
        while let (t, i) = stack.popLast() {
            let parents = t.node?.parents ?? []
            if i < parents.count {
                stack.append((t, i + 1))
                if seen.insert(ObjectIdentifier(parents[i])).inserted { stack.append((parents[i], 0)) }
            } else {
                order.append(t)
            }
        }
        return order
    }

    /// Full values when small, else mean and range.
    static func summary(_ t: Tensor) -> String {
        if t.count <= 8 { return t.readable().split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined(separator: " ") }
        let values = t.storage
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        func n(_ v: Double) -> String { NumberFormat.readable(v) }
        return "mean \(n(mean)), min \(n(Double(values.min()!))), max \(n(Double(values.max()!)))"
    }
}
