import DLLang

/// A lesson message with `{expression}` parts evaluated in the session
/// ("net gets {n} of 4 points right"); `{{` and `}}` are literal braces.
enum MessageTemplate {
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
                        out += v.printed()
                        continue
                    }
                }
                expr.append(c)
            }
        }
        return out
    }
}
