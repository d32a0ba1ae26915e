import DLTensor

/// Classification metrics from predicted and true class numbers.
public struct ClassificationReport: Sendable {
    public let classes: Int
    public let accuracy: Double
    public let precision: Double, recall: Double, f1: Double   // macro averages
    /// confusion[true][predicted]
    public let confusion: [[Int]]
    /// Area under the ROC curve, for two classes only.
    public let rocAUC: Double?

    public init(predicted: [Int], truth: [Int], classes: Int, positiveScores: [Float]? = nil) {
        self.classes = classes
        var m = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (p, t) in zip(predicted, truth) where (0..<classes).contains(p) && (0..<classes).contains(t) { m[t][p] += 1 }
        confusion = m
        let n = truth.count
        accuracy = n == 0 ? 0 : Double((0..<classes).reduce(0) { $0 + m[$1][$1] }) / Double(n)
        // Macro averages over the classes that occur (in truth or prediction), as scikit-learn
        // with zero_division=0 over all labels present.
        var ps: [Double] = [], rs: [Double] = [], fs: [Double] = []
        for c in 0..<classes {
            let tp = Double(m[c][c])
            let predictedC = Double((0..<classes).reduce(0) { $0 + m[$1][c] })
            let actualC = Double(m[c].reduce(0, +))
            if predictedC == 0 && actualC == 0 { continue }
            let p = predictedC > 0 ? tp / predictedC : 0
            let r = actualC > 0 ? tp / actualC : 0
            ps.append(p); rs.append(r); fs.append(p + r > 0 ? 2 * p * r / (p + r) : 0)
        }
        func avg(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        precision = avg(ps); recall = avg(rs); f1 = avg(fs)
        if classes == 2, let scores = positiveScores {
            rocAUC = ClassificationReport.auc(scores: scores, positives: truth.map { $0 == 1 })
        } else {
            rocAUC = nil
        }
    }

    /// Rank statistic (Mann–Whitney U), ties counted half.
    static func auc(scores: [Float], positives: [Bool]) -> Double? {
        let pos = positives.filter { $0 }.count, neg = positives.count - pos
        guard pos > 0, neg > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where positives[order[k]] { rankSumPositive += averageRank }
            i = j + 1
        }
        return (rankSumPositive - Double(pos * (pos + 1)) / 2) / Double(pos * neg)
    }
}
