import DLLang
import DLTensor
#if canImport(Glibc)
import Glibc
#endif

/// A lesson message with `{expression}` parts evaluated in the session
/// ("net gets {n} of 4 points right"); `{{` and `}}` are literal braces.
enum MessageTemplate {
    /// Numbers with 4 significant digits: a message says "loss 0.06581", not 0.06581322103738785.
    static func readable(_ v: Value) -> String {
        let number: Double?
        switch v {
        case .number(let x): number = x
        case .tensor(let t) where t.rank == 0: number = Double(t.storage[0])
        default: number = nil
        }
        guard let x = number, x.isFinite, x != x.rounded() else { return v.printed() }
        let digits = max(0, 3 - Int(log10(abs(x)).rounded(.down)))
        let scale = pow(10, Double(min(digits, 12)))
        return Value.number((x * scale).rounded() / scale).shown()
    }

    /// A template's pieces, in order: literal text (with `{{` and `}}` made
    /// single braces) and the source of each `{…}` part. `unclosed` holds
    /// the source after a `{` that is never closed.
    enum Piece { case text(String), expression(String) }

    static func pieces(_ template: String) -> (pieces: [Piece], unclosed: String?) {
        var pieces: [Piece] = [], text = "", expr = "", depth = 0
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if depth == 0 {
                if (c == "{" || c == "}") && chars.first == c { chars.removeFirst(); text.append(c); continue }
                if c == "{" {
                    if !text.isEmpty { pieces.append(.text(text)); text = "" }
                    depth = 1; expr = ""; continue
                }
                text.append(c)
                continue
            }
            if c == "{" { depth += 1 }
            if c == "}" {
                depth -= 1
                if depth == 0 { pieces.append(.expression(expr)); continue }
            }
            expr.append(c)
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return (pieces, depth > 0 ? expr : nil)
    }

    /// The first `{…}` part that is not one expression, or an unclosed `{`:
    /// such a message could never be filled in, so a learner would never see
    /// it (literal braces are written `{{` and `}}`). Nil when all parse.
    static func malformedPart(_ template: String) -> String? {
        let (pieces, unclosed) = pieces(template)
        for case .expression(let expr) in pieces {
            let (statements, diagnostics) = Parser.parse(SourceText(name: "<message>", text: expr))
            guard diagnostics.isEmpty, statements.count == 1, case .expression = statements[0] else { return "{\(expr)}" }
        }
        return unclosed.map { "{" + $0 }
    }

    /// Nil when a part cannot be evaluated (the state it talks about is not
    /// there yet). An unclosed part is left out.
    static func fill(_ template: String, in session: Session, file: String, line: Int) -> String? {
        var out = ""
        for piece in pieces(template).pieces {
            switch piece {
            case .text(let t): out += t
            case .expression(let expr):
                guard let v = try? session.evaluate(SourceText(name: file, text: expr, firstLine: line)) else { return nil }
                out += readable(v)
            }
        }
        return out
    }

    /// What can be said when the whole message cannot: its sentences whose
    /// parts all evaluate, in order, the others left out (a learner who named
    /// their model differently reads the sentences that hold, never a raw
    /// `{…}`). Nil when no sentence can be filled in.
    static func fillWhatHolds(_ template: String, in session: Session, file: String, line: Int) -> String? {
        let kept = sentences(template).compactMap { fill($0, in: session, file: file, line: line) }
        return kept.isEmpty ? nil : kept.joined(separator: " ")
    }

    /// The template cut after each ". " that is outside a `{…}` part.
    static func sentences(_ template: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            current.append(c)
            if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1) }
            if depth == 0 && (c == "." || c == "!" || c == "?") && chars.first == " " {
                chars.removeFirst()
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
