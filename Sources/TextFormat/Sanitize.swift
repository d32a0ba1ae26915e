/// Text that came from outside the program (a file's contents, a path, the
/// system) reaches the learner's terminal only through these: a control
/// character in it could move the cursor, change colours or split a message
/// over lines.
public enum Sanitize {
    /// `s` with every control character written as an escape (`\n`, `\t`,
    /// `\u{1B}`), so it prints as one visible line.
    public static func displayable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(u): out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `s` without its control characters: for names read from a file (a
    /// model's name), which are shown as they are, not as escapes.
    public static func stripped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        out.unicodeScalars.append(contentsOf: s.unicodeScalars.filter { !isControl($0) })
        return out
    }

    /// A path as every message shows it: in double quotes, escaped, so an
    /// odd name (spaces, a newline, nothing at all) is still one clear token.
    public static func path(_ p: String) -> String {
        "\"" + displayable(p).replacingQuotes() + "\""
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { if c == "\"" { out += "\\\"" } else { out.append(c) } }
        return out
    }
}
