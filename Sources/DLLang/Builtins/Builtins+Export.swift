import FileIO
import TextFormat
import DLNN
import DLExport

extension Builtins {
    static func export() -> [Builtin] {
        [
            Builtin("export(net, format, path)",
                    "Writes the trained model for another framework: \"pytorch\" (a .py file whose `model` is an nn.Module), \"keras\" (a .py file whose `model` is a keras.Model) or \"onnx\" (input \"x\", output \"y\"). Weights are copied exactly; optimizer state is not exported.",
                    example: "model m { input(4); dense(8); relu(); dense(3) }; export(m, \"pytorch\", \"/tmp/m.py\")") { a in
                let m = try a.model(0)
                let format = try DLLang.at(a.at(1)) { try Export.format(named: try a.string(1, "format")) }
                let path = try a.string(2, "path")
                let summary = try DLLang.at(a.at(2)) { try Export.write(m, format, to: path, stop: a.interpreter.isInterrupted) }
                let weights = ModelSummary.grouped(summary.parameters)
                a.interpreter.output.write("export: wrote \(Sanitize.path(path)) (\(format.displayName), \(weights) weights, \(ModelSummary.grouped(summary.bytes)) bytes)\n")
                return .none
            },
            Builtin("cat(path, lines: 60)", "Prints a text file (an exported model, a CSV), up to `lines` lines; says how many more there are.",
                    example: "model m { input(2); dense(1) }; export(m, \"pytorch\", \"/tmp/m_cat.py\"); cat(\"/tmp/m_cat.py\", lines: 20)") { a in
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
