import DLTensor

/// A toy environment for reinforcement learning: an agent walks a grid from
/// S to the goal G, around walls (#) and pits (x). Each move costs a little,
/// so the best policy is a shortest path, which `optimalSteps` knows.
public final class GridWorld {
    public enum Cell: Character { case free = ".", wall = "#", pit = "x", start = "S", goal = "G" }

    public static let defaultMap = ["S....", ".##x.", "...#.", ".....", "...#G"]
    public static let goalReward = 1.0, pitReward = -1.0, stepReward = -0.01
    public static let maxCells = 400

    public let rows: Int, cols: Int
    let cells: [Cell]
    let start: Int
    public let maxSteps: Int
    public private(set) var position: Int
    public private(set) var steps = 0
    public private(set) var done = false
    /// Moves on a shortest path from the start to the goal (walls block,
    /// pits end the episode), found once by breadth-first search.
    public let optimalSteps: Int

    public init(map: [String] = GridWorld.defaultMap, maxSteps: Int = 100) throws {
        guard !map.isEmpty, let width = map.first?.count, width > 0 else { throw DataError("gridworld: the map has no rows") }
        guard map.allSatisfy({ $0.count == width }) else { throw DataError("gridworld: every row of the map must have \(width) cells, as the first") }
        guard map.count * width <= GridWorld.maxCells else { throw DataError("gridworld: at most \(GridWorld.maxCells) cells, got \(map.count * width)") }
        guard (1...10_000).contains(maxSteps) else { throw DataError("gridworld: max_steps must be between 1 and 10000, got \(maxSteps)") }
        var cells: [Cell] = []
        for row in map {
            for ch in row {
                guard let c = Cell(rawValue: ch) else {
                    throw DataError("gridworld: '\(ch)' is not a cell; use . (free), # (wall), x (pit), S (start) and G (goal)")
                }
                cells.append(c)
            }
        }
        guard cells.filter({ $0 == .start }).count == 1, cells.filter({ $0 == .goal }).count == 1 else {
            throw DataError("gridworld: the map needs exactly one S (start) and one G (goal)")
        }
        rows = map.count; cols = width
        self.cells = cells
        self.maxSteps = maxSteps
        start = cells.firstIndex(of: .start)!
        position = start
        var distance = [Int](repeating: -1, count: cells.count)
        distance[start] = 0
        var queue = [start], head = 0
        while head < queue.count {
            let p = queue[head]; head += 1
            guard cells[p] != .goal else { continue }
            for a in 0..<4 {
                let q = GridWorld.move(p, a, rows: rows, cols: cols, cells: cells)
                if distance[q] < 0, cells[q] != .pit { distance[q] = distance[p] + 1; queue.append(q) }
            }
        }
        let goal = cells.firstIndex(of: .goal)!
        guard distance[goal] > 0 else { throw DataError("gridworld: no path leads from S to G") }
        optimalSteps = distance[goal]
    }

    public var stateCount: Int { rows * cols }

    /// The state the agent sees: a one-hot vector of its cell.
    public var state: Tensor {
        var v = [Float](repeating: 0, count: stateCount)
        v[position] = 1
        return Tensor(shape: [stateCount], storage: v)
    }

    public func reset() -> Tensor {
        position = start; steps = 0; done = false
        return state
    }

    /// One move: 0 up, 1 right, 2 down, 3 left. A wall or the edge leaves
    /// the agent where it is. The episode ends at the goal, in a pit, or
    /// after `maxSteps` moves.
    public func step(_ action: Int) throws -> (reward: Double, done: Bool) {
        guard (0..<4).contains(action) else {
            throw DataError("gridworld: actions are 0 (up), 1 (right), 2 (down) and 3 (left), got \(action)")
        }
        guard !done else { throw DataError("gridworld: the episode is over", help: "call reset(env) to start another") }
        position = GridWorld.move(position, action, rows: rows, cols: cols, cells: cells)
        steps += 1
        var reward = GridWorld.stepReward
        switch cells[position] {
        case .goal: reward = GridWorld.goalReward; done = true
        case .pit: reward = GridWorld.pitReward; done = true
        default: if steps >= maxSteps { done = true }
        }
        return (reward, done)
    }

    static func move(_ p: Int, _ action: Int, rows: Int, cols: Int, cells: [Cell]) -> Int {
        let r = p / cols, c = p % cols
        let (nr, nc) = [(r - 1, c), (r, c + 1), (r + 1, c), (r, c - 1)][action]
        guard (0..<rows).contains(nr), (0..<cols).contains(nc), cells[nr * cols + nc] != .wall else { return p }
        return nr * cols + nc
    }

    /// The grid as text, the agent drawn as A (or its arrow when `arrows`
    /// gives one action per cell, to show a whole policy).
    public func picture(arrows: [Int]? = nil, unicode: Bool) -> [String] {
        let marks: [Character] = unicode ? ["↑", "→", "↓", "←"] : ["^", ">", "v", "<"]
        return (0..<rows).map { r in
            String((0..<cols).flatMap { c -> [Character] in
                let p = r * cols + c
                let cell = cells[p]
                if arrows == nil, p == position { return ["A", " "] }
                if let arrows, cell == .free || cell == .start, arrows.indices.contains(p), (0..<4).contains(arrows[p]) {
                    return [marks[arrows[p]], " "]
                }
                return [cell.rawValue, " "]
            }.dropLast())
        }
    }

    public var summary: String {
        "gridworld \(rows)×\(cols): \(stateCount) states, 4 actions, at step \(steps)\(done ? " (episode over)" : "")"
    }
}
