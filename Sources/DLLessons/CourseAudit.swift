/// Two measures of whether the course makes learners think rather than
/// retype: tasks whose reference solution the learner was already shown, and
/// how evenly the keyed letters of lettered questions spread.
public enum CourseAudit {
    /// A task whose solution the step gives away, with how much of it.
    public struct Dictation: Sendable, CustomStringConvertible {
        public let lesson: String
        public let step: Int
        public let title: String
        public let file: String
        public let line: Int
        /// The share of the solution's tokens found in the prose's code or the first hint.
        public let shown: Double
        public var description: String {
            "\(file):\(line): \(lesson) step \(step) (\(title)): \(Int((shown * 100).rounded()))% of the solution is in its prose or first hint"
        }
    }

    /// A solution counts as given away when this share of its tokens (names,
    /// numbers, strings, operators, as a multiset) appears in the code the
    /// prose shows (fences and `inline` spans) or in the first hint. Tokens,
    /// not lines, so a solution reassembled from fragments the prose lists
    /// ("`loss: "bce"`, `adam(lr: 0.05)`, 100 epochs") still counts.
    public static let givenAwayShare = 0.8

    public static func dictations(_ course: Course) -> [Dictation] {
        var out: [Dictation] = []
        for lesson in course.lessons {
            for (k, step) in lesson.steps.enumerated() where step.kind == .task {
                guard let solution = step.solution else { continue }
                let share = shownShare(solution: solution.text, prose: step.prose, firstHint: step.hints.first ?? "")
                if share >= givenAwayShare {
                    out.append(Dictation(lesson: lesson.id, step: k + 1, title: step.title, file: lesson.file, line: step.line, shown: share))
                }
            }
        }
        return out
    }

    public static func taskCount(_ course: Course) -> Int {
        course.lessons.reduce(0) { $0 + $1.steps.filter { $0.kind == .task }.count }
    }

    /// How many lettered questions key each letter.
    public static func answerLetters(_ course: Course) -> [String: Int] {
        var counts: [String: Int] = [:]
        for lesson in course.lessons {
            for step in lesson.steps where step.hasOptions {
                if let a = step.answer?.text { counts[a, default: 0] += 1 }
            }
        }
        return counts
    }

    static func shownShare(solution: String, prose: String, firstHint: String) -> Double {
        let code = solution.split(separator: "\n").filter { !$0.drop(while: { $0 == " " }).hasPrefix("#") }.joined(separator: "\n")
        let wanted = tokens(code)
        guard !wanted.isEmpty else { return 0 }
        var available: [String: Int] = [:]
        for t in tokens(codeShown(in: prose) + "\n" + firstHint) { available[t, default: 0] += 1 }
        var found = 0
        for t in wanted where available[t, default: 0] > 0 {
            available[t]! -= 1
            found += 1
        }
        return Double(found) / Double(wanted.count)
    }

    /// The code a learner reads in prose: fenced blocks and `inline` spans.
    static func codeShown(in prose: String) -> String {
        var out: [Substring] = []
        var inFence = false
        for line in prose.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { out.append(line); continue }
            let pieces = line.split(separator: "`", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() where i % 2 == 1 && i < pieces.count - 1 { out.append(piece) }
        }
        return out.joined(separator: "\n")
    }

    /// Names, numbers, string literals and operators; punctuation is left out.
    static func tokens(_ text: String) -> [String] {
        let chars = Array(text)
        var out: [String] = []
        var i = 0
        func isName(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                var j = i + 1
                while j < chars.count && chars[j] != "\"" && chars[j] != "\n" { j += 1 }
                out.append(String(chars[i..<min(j + 1, chars.count)]))
                i = j + 1
            } else if c.isASCII && c.isNumber {
                var j = i
                while j < chars.count && (chars[j].isNumber || chars[j] == "." || chars[j] == "e"
                                          || (chars[j] == "-" && j > i && chars[j - 1] == "e")) { j += 1 }
                out.append(String(chars[i..<j]))
                i = j
            } else if isName(c) {
                var j = i
                while j < chars.count && isName(chars[j]) { j += 1 }
                out.append(String(chars[i..<j]))
                i = j
            } else if c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                out.append("**")
                i += 2
            } else {
                if "-+*/@=<>".contains(c) { out.append(String(c)) }
                i += 1
            }
        }
        return out
    }
}
