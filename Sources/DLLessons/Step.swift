/// One step of a lesson: something to read, do or answer.
public struct Step: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Write code until `check` holds in the session.
        case task
        /// Pick one of the lettered options with `answer("b")`.
        case choice
        /// Work out a number, answered with `answer(0.25)`.
        case number
        /// Say what will happen before the lesson runs the code that shows it.
        case predict
        /// Read (and watch code the lesson runs); `next()` moves on.
        case read
    }

    public struct Option: Sendable, Equatable {
        public var letter: String
        public var text: String
    }

    /// A message for a state the check does not accept yet, shown when its
    /// condition holds (no condition: always). `{expr}` parts are evaluated.
    public struct Diagnosis: Sendable, Equatable {
        public var condition: Code?
        public var message: String
    }

    public var kind: Kind
    public var title: String
    /// The Markdown text before the step's fields.
    public var prose: String
    public var line: Int
    public var check: Code?
    public var diagnoses: [Diagnosis] = []
    public var passMessage: String?
    public var hints: [String] = []
    public var solution: Code?
    public var options: [Option] = []
    /// The right letter (choice, predict with options) or an expression for the number.
    public var answer: Code?
    public var tolerance: Double?
    /// Code the lesson runs: as a read step begins, or as a predict step reveals.
    public var run: Code?
    /// Code run quietly as the step begins, before the learner types: it
    /// resets what the check judges (a tracked series) or notes a baseline.
    public var begin: Code?
    public var explain: String?

    public init(kind: Kind, title: String, line: Int) {
        self.kind = kind
        self.title = title
        self.line = line
        prose = ""
    }

    /// Questions answered with `answer(...)`.
    public var isQuestion: Bool { kind == .choice || kind == .number || kind == .predict }
    /// A question whose answer is one of its letters.
    public var hasOptions: Bool { !options.isEmpty }
}

/// Code from a lesson file, with the line it starts on (for error messages).
public struct Code: Sendable, Equatable {
    public var text: String
    public var line: Int
    public init(_ text: String, line: Int) { self.text = text; self.line = line }
}
