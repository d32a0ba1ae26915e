import DLTensor

/// Inputs and targets. Class labels are integers in `y` of shape [n];
/// regression targets have shape [n, 1].
public final class Dataset {
    public let name: String
    public let x: Tensor
    public let y: Tensor
    /// Number of classes, or nil for regression.
    public let classCount: Int?
    public let featureNames: [String]
    public let classNames: [String]?

    public init(name: String, x: Tensor, y: Tensor, classCount: Int?, featureNames: [String] = [], classNames: [String]? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.classCount = classCount
        self.featureNames = featureNames
        self.classNames = classNames
    }

    public var size: Int { x.shape.first ?? 0 }

    /// More classes than this are not a classification set: a label is a
    /// class number, and the count sizes per-class tables.
    public static let maxClasses = 100_000

    /// Builds a dataset from tensors: integer labels [n] make a classification
    /// set, anything else a regression set with targets [n, 1].
    public static func from(x: Tensor, y: Tensor, name: String = "data") throws -> Dataset {
        guard x.rank >= 1, let n = x.shape.first else { throw DataError("dataset: x needs a first axis of samples") }
        guard y.shape.first == n || (y.rank == 0 && n == 1) else {
            throw DataError("dataset: x has \(n) samples but y has shape \(Shape.describe(y.shape))",
                            help: "x and y need the same first axis")
        }
        let x2 = x.rank == 1 ? try x.reshaped([n, 1]) : x
        let integral = y.storage.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 < Float(maxClasses) }
        if y.rank == 1 && integral {
            let k = Int(y.storage.max() ?? 0) + 1
            return Dataset(name: name, x: x2.detached(), y: y.detached(), classCount: k)
        }
        let y2 = y.rank == 1 ? try y.reshaped([n, 1]) : y
        return Dataset(name: name, x: x2.detached(), y: y2.detached(), classCount: nil)
    }

    public func subset(_ rows: [Int], name: String) -> Dataset {
        Dataset(name: name, x: x.rows(rows), y: y.rows(rows), classCount: classCount,
                featureNames: featureNames, classNames: classNames)
    }

    /// One line: `dataset iris: 150 × 4 → 3 classes (50 / 50 / 50)`, or for
    /// sequences `dataset sonnets sequences: 1494 × 64 → a label per position, 62 classes`.
    public var summary: String {
        let features = x.shape.dropFirst().map(String.init).joined(separator: "×")
        var s = "dataset \(name): \(size) × \(features.isEmpty ? "1" : features) → "
        if let k = classCount, y.rank >= 2 {
            // Sequences: a label per position; per-class counts would fill the line.
            s += "a label per position, \(k) classes"
        } else if let k = classCount {
            var counts = [Int](repeating: 0, count: k)
            for v in y.storage where Int(v) < k { counts[Int(v)] += 1 }
            s += "\(k) classes (" + counts.map(String.init).joined(separator: " / ") + ")"
        } else {
            s += "regression target"
        }
        return s
    }
}

/// A data error: bad file contents name the file, line and column.
public struct DataError: LearnerError {
    public let message: String
    public let help: String?
    public init(_ message: String, help: String? = nil) { self.message = message; self.help = help }
}
