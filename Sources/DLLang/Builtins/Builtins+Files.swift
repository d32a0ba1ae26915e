import FileIO
import TextFormat

extension Builtins {
    static func files() -> [Builtin] {
        [
            Builtin("cat(path, lines: 60)", "Prints a text file (an exported model, a CSV), up to `lines` lines; says how many more there are.",
                    example: "cat(\"/proc/self/status\", lines: 3)") { a in
                let path = try a.string(0, "path"), limit = try a.int("lines", default: 60)
                guard limit > 0 else { throw RuntimeError("cat: lines must be positive, got \(limit)", at: a.location) }
                let bytes = try DLLang.at(a.at(0)) { try FileBytes.read(path, limit: 16 << 20) }
                var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.last == "" { lines.removeLast() }
                // Long lines (an exported file's weights) are cut to the width: the structure is what one reads.
                let width = max(20, a.interpreter.output.traits.columns)
                var out = ""
                for line in lines.prefix(limit) {
                    let clean = Sanitize.displayable(line)
                    out += (clean.count > width ? String(clean.prefix(width - 1)) + "…" : clean) + "\n"
                }
                if lines.count > limit {
                    let more = lines.count - limit
                    out += "… \(more) more line\(more == 1 ? "" : "s") (cat(path, lines: \(lines.count)) shows them all)\n"
                }
                a.interpreter.output.write(out)
                return .none
            },
        ]
    }
}
