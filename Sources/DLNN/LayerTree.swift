import DLTensor

/// Walks a model's tree of layers: models and `residual` blocks hold layers.
public enum LayerTree {
    public struct Entry {
        /// The path as the language writes it below the root: `layers[2].layers[0]`.
        public let path: String
        public let depth: Int
        public let layer: Layer
        /// A block placed again (a shared model used twice): the path of its
        /// first placement, where its own layers are listed.
        public let sameAs: String?
    }

    /// How deeply models and blocks may nest, and how many layer placements a
    /// model may have in all. Every walk over a tree recurses once per level
    /// (building, saving, exporting: Python's parser takes about 200 nested
    /// brackets, two per level), and a model shared twice at each of n levels
    /// places its layers 2ⁿ times per forward pass.
    public static let maxDepth = 64
    public static let maxPlacements = 2_000

    /// Every layer below `root`, parents before their children, in order. A
    /// block placed again is one entry with `sameAs` and is not opened again:
    /// each distinct block is walked once.
    public static func entries(of root: Layer) -> [Entry] {
        var out: [Entry] = []
        var first: [ObjectIdentifier: String] = [:]
        func visit(_ l: Layer, _ path: String, _ depth: Int) {
            for (i, child) in l.layers.enumerated() {
                let p = (path.isEmpty ? "" : path + ".") + "layers[\(i)]"
                if !child.layers.isEmpty, let earlier = first[ObjectIdentifier(child)] {
                    out.append(Entry(path: p, depth: depth, layer: child, sameAs: earlier))
                    continue
                }
                if !child.layers.isEmpty { first[ObjectIdentifier(child)] = p }
                out.append(Entry(path: p, depth: depth, layer: child, sameAs: nil))
                visit(child, p, depth + 1)
            }
        }
        visit(root, "", 0)
        return out
    }

    /// Every layer at every place it runs, in tree order: a model placed
    /// twice is listed twice with all it holds. Bounded by `maxPlacements`;
    /// only the model file needs it (its layout follows the specs, which
    /// repeat a shared model's layers).
    public static func everyPlacement(of root: Layer) -> [Layer] {
        var out: [Layer] = []
        func visit(_ l: Layer) { for child in l.layers { out.append(child); visit(child) } }
        visit(root)
        return out
    }

    /// The layers without layers inside, each once.
    public static func leaves(of root: Layer) -> [Layer] {
        var seen = Set<ObjectIdentifier>()
        return ([root] + entries(of: root).map(\.layer)).filter { $0.layers.isEmpty && seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// The tree's nesting depth (1: layers only) and how many times its
    /// layers run in one forward pass, each block measured once.
    public static func size(of root: Layer) -> (depth: Int, placements: Int) {
        var memo: [ObjectIdentifier: (Int, Int)] = [:]
        func measure(_ l: Layer) -> (Int, Int) {
            if l.layers.isEmpty { return (0, 1) }
            if let m = memo[ObjectIdentifier(l)] { return m }
            var depth = 0, placements = 0
            for child in l.layers {
                let (d, p) = measure(child)
                depth = max(depth, d)
                placements = min(Int.max / 2, placements &+ p)
            }
            memo[ObjectIdentifier(l)] = (depth + 1, placements)
            return (depth + 1, placements)
        }
        return measure(root)
    }

    /// An error for a model whose tree is over either budget.
    public static func checkSize(of model: Model) throws {
        let (depth, placements) = size(of: model)
        if depth > maxDepth {
            throw ModelError("model \(model.name) nests models and blocks \(depth) levels deep; at most \(maxDepth) are allowed",
                             help: "place the inner models side by side rather than inside each other")
        }
        if placements > maxPlacements {
            throw ModelError("model \(model.name) places its layers \(placements) times in one pass (a model used twice at each level doubles it); at most \(maxPlacements) are allowed",
                             help: "a model listed twice runs twice: use fewer repeats")
        }
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
