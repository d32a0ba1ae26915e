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

    /// The first `{…}` part that is not one expression, or an unclosed `{`:
    /// such a message could never be filled in, so a learner would never see
    /// it (literal braces are written `{{` and `}}`). Nil when all parse.
    static func malformedPart(_ template: String) -> String? {
        var expr = "", depth = 0
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if depth == 0 {
                if (c == "{" || c == "}") && chars.first == c { chars.removeFirst(); continue }
                if c == "{" { depth = 1; expr = "" }
                continue
            }
            if c == "{" { depth += 1 }
            if c == "}" {
                depth -= 1
                if depth == 0 {
                    let (statements, diagnostics) = Parser.parse(SourceText(name: "<message>", text: expr))
                    guard diagnostics.isEmpty, statements.count == 1, case .expression = statements[0] else { return "{\(expr)}" }
                    continue
                }
            }
            expr.append(c)
        }
        return depth > 0 ? "{" + expr : nil
    }

    /// Nil when a part cannot be evaluated (the state it talks about is not there yet).
    static func fill(_ template: String, in session: Session, file: String, line: Int) -> String? {
        var out = "", expr = "", depth = 0
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if depth == 0 {
                if c == "{" && chars.first == "{" { chars.removeFirst(); out.append("{"); continue }
                if c == "}" && chars.first == "}" { chars.removeFirst(); out.append("}"); continue }
                if c == "{" { depth = 1; expr = ""; continue }
                out.append(c)
            } else {
                if c == "{" { depth += 1 }
                if c == "}" {
                    depth -= 1
                    if depth == 0 {
                        guard let v = try? session.evaluate(SourceText(name: file, text: expr, firstLine: line)) else { return nil }
                        out += readable(v)
                        continue
                    }
                }
                expr.append(c)
            }
        }
        return out
    }
}
