import DLLang
import DLNN
import TextFormat

/// `export(net, format, path)`: the exporters plug into the language as one
/// command, registered by the session host the way the lesson commands are,
/// so the language itself needs no exporter.
public enum ExportCommand {
    public static func register(in interpreter: Interpreter) { interpreter.register(builtin()) }

    static func builtin() -> Builtin { Builtin("export(net, format, path)",
        "Writes the trained model for another framework: \"pytorch\" (a .py file whose `model` is an nn.Module), \"keras\" (a .py file whose `model` is a keras.Model) or \"onnx\" (input \"x\", output \"y\"). Weights are copied exactly; optimizer state is not exported.",
        example: "model m { input(4); dense(8); relu(); dense(3) }; export(m, \"pytorch\", \"/tmp/m.py\")",
        group: "training") { a in
        let m = try a.model(0)
        let format = try located(a.at(1)) { try Export.format(named: try a.string(1, "format")) }
        let path = try a.string(2, "path")
        let summary = try located(a.at(2)) { try Export.write(m, format, to: path, stop: a.interpreter.isInterrupted) }
        let weights = ModelSummary.grouped(summary.parameters)
        a.interpreter.output.write("export: wrote \(Sanitize.path(path)) (\(format.displayName), \(weights) weights, \(ModelSummary.grouped(summary.bytes)) bytes)\n")
        return .none
    } }

    private static func located<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw RuntimeError.from(error, at: location) }
    }
}
