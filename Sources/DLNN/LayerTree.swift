import DLTensor

/// Walks a model's tree of layers: models and `residual` blocks hold layers.
public enum LayerTree {
    public struct Entry {
        /// The path as the language writes it below the root: `layers[2].layers[0]`.
        public let path: String
        public let depth: Int
        public let layer: Layer
    }

    /// Every layer below `root`, parents before their children, in order.
    /// A model that appears twice is listed twice (its rows are real rows).
    public static func entries(of root: Layer) -> [Entry] {
        var out: [Entry] = []
        func visit(_ l: Layer, _ path: String, _ depth: Int) {
            for (i, child) in l.layers.enumerated() {
                let p = (path.isEmpty ? "" : path + ".") + "layers[\(i)]"
                out.append(Entry(path: p, depth: depth, layer: child))
                visit(child, p, depth + 1)
            }
        }
        visit(root, "", 0)
        return out
    }

    /// The layers without layers inside, each once.
    public static func leaves(of root: Layer) -> [Layer] {
        var seen = Set<ObjectIdentifier>()
        return ([root] + entries(of: root).map(\.layer)).filter { $0.layers.isEmpty && seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// `tensors` of every layer at or below `root`, each tensor once.
    static func unique(of root: Layer, _ tensors: (Layer) -> [Tensor]) -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        var out: [Tensor] = []
        for l in [root] + entries(of: root).map(\.layer) {
            for t in tensors(l) where seen.insert(ObjectIdentifier(t)).inserted { out.append(t) }
        }
        return out
    }

    /// Each param's path from the root, `layers[2].layers[0].wq`, for messages and gradcheck.
    public static func paramNames(of root: Layer) -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        for e in entries(of: root) {
            for (n, t) in e.layer.namedParams where names[ObjectIdentifier(t)] == nil {
                names[ObjectIdentifier(t)] = e.path + "." + n
            }
        }
        return names
    }
}
