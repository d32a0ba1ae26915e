import DLLang

/// A session as a document: prose and code cells, each code cell with the
/// output it printed. The same family of format as lessons (Markdown).
public struct Notebook: Equatable, Sendable {
    public enum CellState: Equatable, Sendable {
        /// Loaded from a file and not run in this session.
        case notRun
        case ran
        case failed
        /// It ran, but a later-run cell has since changed a name it reads.
        case stale
    }

    public struct Cell: Equatable, Sendable {
        public var source: String
        public var output: String
        /// Where in `output` (UTF-8 offsets) the session reported errors, as
        /// they arrived: the screen colours these, and nothing else.
        public var errors: [Range<Int>] = []
        /// Runs of a picture's cells on the diverging palette (UTF-8 offsets
        /// in `output`, level -5 deepest blue ... 5 deepest orange).
        public var tints: [Tint] = []
        public var state: CellState
        public var isProse: Bool
        public var names: NameUse

        public init(source: String, output: String = "", state: CellState = .notRun, isProse: Bool = false) {
            self.source = source
            self.output = output
            self.state = state
            self.isProse = isProse
            names = isProse ? NameUse() : NameUse.of(source)
        }

        public static func prose(_ text: String) -> Cell { Cell(source: text, isProse: true) }
    }

    public var cells: [Cell] = []

    public struct Tint: Equatable, Sendable {
        public var range: Range<Int>
        public var level: Int
        public init(range: Range<Int>, level: Int) { self.range = range; self.level = level }
    }

    public init(cells: [Cell] = []) { self.cells = cells }

    public var codeCells: [Int] { cells.indices.filter { !cells[$0].isProse } }

    /// Records a cell's run, and marks stale every other cell that already ran
    /// and reads a name this one wrote.
    public mutating func finished(_ index: Int, output: String, ok: Bool) {
        cells[index].output = output
        cells[index].state = ok ? .ran : .failed
        let written = cells[index].names.writes
        guard !written.isEmpty else { return }
        for j in cells.indices where j != index && cells[j].state == .ran && !cells[j].names.reads.isDisjoint(with: written) {
            cells[j].state = .stale
        }
    }

    public mutating func append(_ source: String) -> Int {
        cells.append(Cell(source: source, state: .notRun))
        return cells.count - 1
    }
}
