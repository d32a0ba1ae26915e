/// The graph tree as an outline that folds: a line with deeper lines after
/// it can hide them. A model's graph is hundreds of lines; folded at each
/// layer (the lines that name one), it opens as one line per layer and
/// Enter unfolds the layer under the cursor.
public struct GraphOutline: Sendable, Equatable {
    public let lines: [String]
    public private(set) var folded: Set<Int>
    public private(set) var selected = 0

    /// Graphs longer than this open folded at their layers.
    static let foldAbove = 60

    public init(_ lines: [String]) {
        self.lines = lines
        let depths = lines.map(Self.depth)
        let foldable = lines.indices.filter { i in i + 1 < lines.count && depths[i + 1] > depths[i] }
        folded = lines.count > Self.foldAbove ? Set(foldable.filter { $0 > 0 && lines[$0].contains("  · layers[") }) : []
    }

    static func depth(_ line: String) -> Int { line.prefix { $0 == " " }.count / 2 }

    /// The indices of the lines shown, in order.
    public var visible: [Int] {
        var out: [Int] = []
        var hideDeeperThan: Int? = nil
        for (i, line) in lines.enumerated() {
            let d = Self.depth(line)
            if let h = hideDeeperThan {
                if d > h { continue }
                hideDeeperThan = nil
            }
            out.append(i)
            if folded.contains(i) { hideDeeperThan = d }
        }
        return out
    }

    /// How many lines a folded line hides.
    public func hiddenCount(_ i: Int) -> Int {
        guard folded.contains(i) else { return 0 }
        let d = Self.depth(lines[i])
        return lines[(i + 1)...].prefix { Self.depth($0) > d }.count
    }

    public mutating func move(_ by: Int) {
        let v = visible
        guard let at = v.firstIndex(of: selected) ?? v.first.map({ _ in 0 }) else { return }
        selected = v[max(0, min(v.count - 1, at + by))]
    }

    public mutating func toggle() {
        guard selected + 1 < lines.count, Self.depth(lines[selected + 1]) > Self.depth(lines[selected]) else { return }
        if folded.remove(selected) == nil { folded.insert(selected) }
    }
}
