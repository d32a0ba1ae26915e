import TextFormat
import DLLang

/// How a step's check and answers are judged. The lesson and the checker both
/// use these, so what the checker proves is what learners get.
enum StepJudge {
    enum Verdict: Equatable {
        case right
        case wrong(String)
        /// Not an answer of the expected kind (a number for a choice, ...).
        case malformed(String)
    }

    static func source(_ c: Code, _ file: String) -> SourceText { SourceText(name: file, text: c.text, firstLine: c.line) }

    /// Quiet, and an error (a name not defined yet) counts as not passing.
    static func checkPasses(_ step: Step, _ session: Session, _ quiet: Mute, file: String) -> Bool {
        guard let check = step.check else { return false }
        let (value, _) = quiet.quietly { try? session.evaluate(source(check, file)) }
        return value.map(session.isTrue) ?? false
    }

    /// The first diagnosis whose condition holds and whose message can be filled in.
    static func diagnosis(_ step: Step, _ session: Session, _ quiet: Mute, file: String) -> String? {
        quiet.quietly { () -> String? in
            for d in step.diagnoses {
                if let c = d.condition {
                    guard let v = try? session.evaluate(source(c, file)), session.isTrue(v) else { continue }
                }
                if let m = MessageTemplate.fill(d.message, in: session, file: file, line: step.line) { return m }
            }
            return nil
        }.0
    }

    /// The right number of a number step (or a predict step without options), evaluated now.
    static func expectedNumber(_ step: Step, _ session: Session, _ quiet: Mute, file: String) -> Double? {
        guard let a = step.answer else { return nil }
        let (v, _) = quiet.quietly { try? session.evaluate(source(a, file)) }
        return v.flatMap(number)
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .number(let x): return x
        case .tensor(let t) where t.count == 1: return Double(t.storage[0])
        default: return nil
        }
    }

    static func tolerance(_ step: Step, expected: Double) -> Double {
        step.tolerance ?? max(1e-3, 1e-3 * abs(expected))
    }

    static func judge(_ step: Step, _ given: Value, _ session: Session, _ quiet: Mute, file: String) -> Verdict {
        if step.hasOptions {
            let letters = step.options.map(\.letter)
            guard case .string(let raw) = given else {
                return .malformed("answer with a letter in quotes, e.g. answer(\"\(letters[0])\")")
            }
            let letter = raw.lowercased().trimmingSpaces.unquoted.replacingClosingParen
            guard letters.contains(letter) else {
                return .malformed("\"\(raw)\" is not one of the options \(letters.joined(separator: ", "))")
            }
            return letter == step.answer?.text ? .right : .wrong("\(letter) is not it")
        }
        guard let x = number(given) else { return .malformed("answer with a number, e.g. answer(0.5)") }
        guard let expected = expectedNumber(step, session, quiet, file: file) else {
            return .malformed("the lesson cannot work out its answer yet: the earlier steps' state is missing (skip() or back())")
        }
        if abs(x - expected) <= tolerance(step, expected: expected) { return .right }
        return .wrong("\(numberText(x)) is " + (x > expected ? "too high" : "too low"))
    }

    /// A wrong answer the checker offers to prove wrong answers are refused:
    /// for a number, one off by 100% (or by 1 from 0), which no tolerance should accept.
    static func wrongAnswer(_ step: Step, _ session: Session, _ quiet: Mute, file: String) -> Value? {
        if step.hasOptions {
            return step.options.first { $0.letter != step.answer?.text }.map { .string($0.letter) }
        }
        guard let e = expectedNumber(step, session, quiet, file: file) else { return nil }
        return .number(e + max(1, abs(e)))
    }

    /// The answer(...) call that is the step's reference solution.
    static func answerCall(_ step: Step, _ session: Session, _ quiet: Mute, file: String) -> String {
        if step.hasOptions { return "answer(\"\(step.answer?.text ?? "")\")" }
        if let e = expectedNumber(step, session, quiet, file: file) {
            // Four significant digits read better than seventeen, when the tolerance allows them.
            let short = MessageTemplate.readable(.number(e))
            if let s = Double(short), abs(s - e) <= tolerance(step, expected: e) { return "answer(\(short))" }
            return "answer(\(numberText(e)))"
        }
        return "answer(\(step.answer?.text ?? ""))"
    }
}

extension String {
    /// "b)" as a learner may type it is "b".
    var replacingClosingParen: String { hasSuffix(")") ? String(dropLast()) : self }
}

/// A number as the language prints it (shortest form that reads back).
func numberText(_ x: Double) -> String { Value.number(x).shown() }
