import TextFormat
import DLLang

/// Reads a lesson file (format: lessons/README.md). Every problem is an error
/// naming the file and line, so a teacher can fix it without reading Swift.
public struct LessonParser {
    let file: String
    let lines: [String]
    var i = 0

    public static func parse(_ text: String, file: String) throws -> Lesson {
        var p = LessonParser(file: file, lines: text.fileLines.map(String.init))
        return try p.lesson()
    }

    static let stepFields = ["begin", "check", "fail if", "fail", "pass", "hint", "solution", "answer", "tolerance", "run", "explain"]

    func error(_ line: Int, _ message: String) -> LessonError { LessonError(file: file, line: line, message) }

    mutating func lesson() throws -> Lesson {
        let front = try frontMatter()
        func field(_ key: String) throws -> String {
            guard let v = front.fields[key], !v.isEmpty else { throw error(front.line, "the front matter needs '\(key):'") }
            return v
        }
        let id = try field("id")
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw error(front.line, "id '\(id)' may hold only letters, digits and '-'")
        }
        let partText = try field("part")
        let partNumber = partText.prefix(while: { $0.isNumber })
        guard let part = Int(partNumber) else { throw error(front.line, "part must start with its number, as in 'part: 1 Tensors and gradients'") }
        let partTitle = String(partText.dropFirst(partNumber.count).drop(while: { $0 == " " || $0 == "." }))
        let needsText = front.fields["needs"] ?? ""
        let needs = needsText == "nothing" ? [] : needsText.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        var minutes: Int?
        if let m = front.fields["minutes"] {
            guard let v = Int(m) else { throw error(front.line, "minutes must be a whole number, got '\(m)'") }
            minutes = v
        }

        var introLines: [String] = []
        var setup: Code?
        while i < lines.count && !lines[i].hasPrefix("## ") {
            if lines[i].hasPrefix("setup:") {
                let at = i + 1
                i += 1
                setup = try code(after: String(lines[at - 1].dropFirst(6)), at: at)
                continue
            }
            introLines.append(lines[i])
            i += 1
        }
        var steps: [Step] = []
        while i < lines.count { steps.append(try step()) }
        guard !steps.isEmpty else { throw error(lines.last == "" ? lines.count - 1 : lines.count, "the lesson has no steps (each starts with a line like '## task: Make a tensor')") }
        return Lesson(id: id, title: try field("title"), part: part, partTitle: partTitle, needs: needs, minutes: minutes,
                      intro: introLines.joined(separator: "\n").trimmingBlankLines, setup: setup, steps: steps, file: file)
    }

    mutating func frontMatter() throws -> (fields: [String: String], line: Int) {
        guard lines.first == "---" else { throw error(1, "a lesson starts with front matter: a line '---', then id:, title:, part:, then '---'") }
        i = 1
        var fields: [String: String] = [:]
        while i < lines.count && lines[i] != "---" {
            let line = lines[i]
            if !line.trimmingSpaces.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { throw error(i + 1, "expected 'key: value' in the front matter, got '\(line)'") }
                let key = line[..<colon].trimmingSpaces
                guard ["id", "title", "part", "needs", "minutes"].contains(key) else {
                    throw error(i + 1, "unknown front matter key '\(key)' (expected id, title, part, needs, minutes)")
                }
                fields[key] = line[line.index(after: colon)...].trimmingSpaces
            }
            i += 1
        }
        guard i < lines.count else { throw error(1, "the front matter is not closed by a line '---'") }
        i += 1
        return (fields, 2)
    }

    /// A code value: inline after the colon (in backticks or not), or the ```dl fence on the next lines.
    mutating func code(after rest: String, at line: Int) throws -> Code {
        let inline = rest.trimmingSpaces
        if !inline.isEmpty { return try parsed(Code(inline.unquoted, line: line)) }
        while i < lines.count && lines[i].trimmingSpaces.isEmpty { i += 1 }
        guard i < lines.count, lines[i].hasPrefix("```") else { throw error(line, "expected code after the colon or a ```dl fence on the next line") }
        let fence = String(lines[i].prefix(while: { $0 == "`" }))
        let start = i + 1
        i += 1
        var body: [String] = []
        while i < lines.count && !(lines[i].hasPrefix(fence) && lines[i].trimmingSpaces.allSatisfy({ $0 == "`" })) { body.append(lines[i]); i += 1 }
        guard i < lines.count else { throw error(start - 1, "the code fence is not closed") }
        i += 1
        return try parsed(Code(body.joined(separator: "\n"), line: start + 1))
    }

    /// Lesson code must parse now, not when a learner reaches it.
    func parsed(_ c: Code) throws -> Code {
        let (_, diagnostics) = Parser.parse(SourceText(name: file, text: c.text, firstLine: c.line))
        if let d = diagnostics.first { throw error(d.location.line, "this code does not parse: \(d.message)") }
        return c
    }

    mutating func step() throws -> Step {
        let heading = lines[i], headingLine = i + 1
        let body = heading.dropFirst(3)
        guard let colon = body.firstIndex(of: ":") else {
            throw error(headingLine, "a step heading is '## KIND: Title', with KIND one of task, choice, number, predict, read")
        }
        let kindName = body[..<colon].trimmingSpaces
        guard let kind = Step.Kind(rawValue: kindName) else {
            throw error(headingLine, "unknown step kind '\(kindName)' (expected task, choice, number, predict or read)")
        }
        var s = Step(kind: kind, title: body[body.index(after: colon)...].trimmingSpaces, line: headingLine)
        guard !s.title.isEmpty else { throw error(headingLine, "the step needs a title after the colon") }
        i += 1
        var prose: [String] = []
        var lastText: ((inout Step, String) -> Void)?
        var inFence = false
        while i < lines.count && !(lines[i].hasPrefix("## ") && !inFence) {
            let line = lines[i], n = i + 1
            if line.hasPrefix("```") { inFence.toggle() }
            if inFence || line.hasPrefix("```") {
                guard lastText == nil || line.trimmingSpaces.isEmpty else { throw error(n, "prose and code examples go before the step's fields") }
                prose.append(line); i += 1; continue
            }
            if let (name, rest) = fieldOf(line) {
                i += 1
                lastText = nil
                try apply(name, rest, at: n, to: &s, lastText: &lastText)
                continue
            }
            if let option = optionOf(line), lastText == nil, s.kind == .choice || s.kind == .predict {
                s.options.append(option); i += 1; continue
            }
            if !line.trimmingSpaces.isEmpty {
                if let add = lastText, line.hasPrefix("  ") { add(&s, line.trimmingSpaces); i += 1; continue }
                if !s.hints.isEmpty || s.check != nil || s.answer != nil || s.solution != nil || s.explain != nil || s.run != nil {
                    throw error(n, "text after the step's fields: prose goes before them, and a field's text continues on lines indented by two spaces")
                }
            }
            prose.append(line)
            i += 1
        }
        s.prose = prose.joined(separator: "\n").trimmingBlankLines
        try validate(s)
        return s
    }

    func fieldOf(_ line: String) -> (String, String)? {
        for f in Self.stepFields where line.hasPrefix(f) {
            let rest = line.dropFirst(f.count)
            if f == "fail if", rest.hasPrefix(" ") { return (f, String(rest)) }
            if rest.hasPrefix(":") { return (f, String(rest.dropFirst())) }
        }
        return nil
    }

    func optionOf(_ line: String) -> Step.Option? {
        let chars = Array(line)
        guard chars.count > 3, chars[0].isLowercase, chars[0].isASCII, chars[1] == ")", chars[2] == " " else { return nil }
        return Step.Option(letter: String(chars[0]), text: String(chars[3...]).trimmingSpaces)
    }

    mutating func apply(_ name: String, _ rest: String, at n: Int, to s: inout Step,
                        lastText: inout ((inout Step, String) -> Void)?) throws {
        func only(_ kinds: [Step.Kind]) throws {
            guard kinds.contains(s.kind) else {
                throw error(n, "a \(s.kind.rawValue) step has no '\(name):' (it belongs to \(kinds.map(\.rawValue).joined(separator: ", ")) steps)")
            }
        }
        let text = rest.trimmingSpaces
        switch name {
        case "check":
            try only([.task])
            guard s.check == nil else { throw error(n, "a step has one check: combine conditions with 'and'") }
            s.check = try code(after: rest, at: n)
        case "fail if":
            try only([.task])
            // `fail if `COND`: message`: the condition is the first backtick span.
            guard text.hasPrefix("`"), let close = text.dropFirst().firstIndex(of: "`") else {
                throw error(n, "write 'fail if `condition`: message', with the condition in backticks")
            }
            let condition = String(text[text.index(after: text.startIndex)..<close])
            var message = text[text.index(after: close)...].trimmingSpaces
            guard message.hasPrefix(":") else { throw error(n, "expected ':' and a message after the condition") }
            message = String(message.dropFirst()).trimmingSpaces
            s.diagnoses.append(Step.Diagnosis(condition: try parsed(Code(condition, line: n)), message: message))
            let index = s.diagnoses.count - 1
            lastText = { st, more in st.diagnoses[index].message += " " + more }
        case "fail":
            try only([.task])
            s.diagnoses.append(Step.Diagnosis(condition: nil, message: text))
            let index = s.diagnoses.count - 1
            lastText = { st, more in st.diagnoses[index].message += " " + more }
        case "pass":
            s.passMessage = text
            lastText = { st, more in st.passMessage! += " " + more }
        case "hint":
            guard !text.isEmpty else { throw error(n, "the hint is empty") }
            s.hints.append(text)
            let index = s.hints.count - 1
            lastText = { st, more in st.hints[index] += " " + more }
        case "solution":
            try only([.task])
            s.solution = try code(after: rest, at: n)
        case "answer":
            try only([.choice, .number, .predict])
            s.answer = try code(after: rest, at: n)
        case "tolerance":
            try only([.number, .predict])
            guard let t = Double(text), t >= 0 else { throw error(n, "tolerance must be a number, got '\(text)'") }
            s.tolerance = t
        case "run":
            try only([.predict, .read])
            s.run = try code(after: rest, at: n)
        case "begin":
            guard s.begin == nil else { throw error(n, "a step has one 'begin:'") }
            s.begin = try code(after: rest, at: n)
        case "explain":
            s.explain = text
            lastText = { st, more in st.explain! += " " + more }
        default:
            throw error(n, "unknown field '\(name)'")
        }
    }

    func validate(_ s: Step) throws {
        let at = s.line
        switch s.kind {
        case .task:
            guard s.check != nil else { throw error(at, "a task step needs 'check:' (a condition on the session)") }
            guard s.solution != nil else { throw error(at, "a task step needs 'solution:' (reference code)") }
        case .choice, .predict, .number:
            guard let answer = s.answer else { throw error(at, "a \(s.kind.rawValue) step needs 'answer:'") }
            if s.kind == .choice && s.options.count < 2 { throw error(at, "a choice step needs at least two options, lines like 'a) ...'") }
            if s.hasOptions {
                guard s.options.contains(where: { $0.letter == answer.text }) else {
                    throw error(answer.line, "the answer '\(answer.text)' is not one of the options (\(s.options.map(\.letter).joined(separator: ", ")))")
                }
                if Set(s.options.map(\.letter)).count != s.options.count { throw error(at, "two options have the same letter") }
            }
        case .read:
            return
        }
        guard !s.hints.isEmpty else { throw error(at, "a \(s.kind.rawValue) step needs at least one 'hint:'") }
    }
}

extension StringProtocol {
    /// `code` without its backticks.
    var unquoted: String {
        hasPrefix("`") && hasSuffix("`") && count >= 2 ? String(dropFirst().dropLast()) : String(self)
    }
}
