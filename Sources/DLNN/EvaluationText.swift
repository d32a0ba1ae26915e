import TextFormat
import DLTensor

/// The report `evaluate` prints.
public enum EvaluationText {
    public static func classification(model: String, samples: Int, loss: Double, _ r: ClassificationReport) -> String {
        var out = "evaluate \(model) on \(samples) samples\n"
        out += "  loss \(f3(loss))   accuracy \(f3(r.accuracy))   precision \(f3(r.precision))   recall \(f3(r.recall))   f1 \(f3(r.f1)) (macro)\n"
        if let auc = r.rocAUC { out += "  roc auc \(f3(auc))\n" }
        out += "  confusion (rows true, cols predicted)\n"
        let width = Swift.max(2, String(r.confusion.flatMap { $0 }.max() ?? 0).count, String(r.classes - 1).count)
        func cell(_ s: String) -> String { String(repeating: " ", count: width - s.count + 1) + s }
        out += "    " + String(repeating: " ", count: width) + (0..<r.classes).map { cell(String($0)) }.joined() + "\n"
        for t in 0..<r.classes {
            out += "    " + String(repeating: " ", count: width - String(t).count) + String(t)
            out += r.confusion[t].map { cell($0 == 0 ? "." : String($0)) }.joined() + "\n"
        }
        return out
    }

    public static func regression(model: String, samples: Int, loss: Double, mse: Double, mae: Double) -> String {
        "evaluate \(model) on \(samples) samples\n  loss \(f3(loss))   mse \(f3(mse))   mae \(f3(mae))\n"
    }

    /// Three significant digits, in plain or scientific notation.
    public static func f3(_ v: Double) -> String { NumberFormat.compact(v, significant: 3) }
}
