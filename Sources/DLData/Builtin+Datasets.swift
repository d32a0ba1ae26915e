import DLTensor

/// The built-in datasets: real ones shipped in `datasets/`, and generators.
public enum BuiltinDatasets {
    public static let real = ["iris", "digits", "wine", "breast_cancer", "diabetes"]
    public static let images = ["mnist", "fashion_mnist"]

    static let fashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    public static func file(_ name: String) throws -> String {
        guard let p = DataFiles.path(name) else {
            throw DataError("the data file \(name) is missing", help: "set DLREPL_DATASETS to the folder that holds dlrepl's datasets")
        }
        return p
    }

    /// A shipped table, e.g. "iris".
    public static func table(_ name: String) throws -> Dataset {
        try CSVLoader.load(path: try file(name + ".csv"), name: name)
    }

    /// mnist / fashion_mnist: the shipped 10k training and 2k test images.
    public static func imageSets(_ name: String) throws -> (train: Dataset, test: Dataset) {
        let prefix = name == "mnist" ? "mnist" : "fashion-mnist"
        let classes = name == "mnist" ? nil : fashionClasses
        let train = try IDXLoader.dataset(images: try file("\(prefix)-train10k-images-idx3-ubyte.gz"),
                                          labels: try file("\(prefix)-train10k-labels-idx1-ubyte.gz"),
                                          name: "\(name) (train)", classNames: classes)
        let test = try IDXLoader.dataset(images: try file("\(prefix)-test2k-images-idx3-ubyte.gz"),
                                         labels: try file("\(prefix)-test2k-labels-idx1-ubyte.gz"),
                                         name: "\(name) (test)", classNames: classes)
        return (train, test)
    }
}

extension Dataset {
    /// Shuffles with the seed and cuts: the first `fraction` of the rows train.
    public func split(_ fraction: Double, seed: UInt64) throws -> (Dataset, Dataset) {
        guard fraction > 0, fraction < 1 else { throw DataError("split: the fraction must be between 0 and 1, got \(fraction)") }
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(size)
        let cut = Swift.min(Swift.max(Int((Double(size) * fraction).rounded()), 1), size - 1)
        guard size >= 2 else { throw DataError("split: a dataset of \(size) sample cannot be split") }
        return (subset(Array(order[..<cut]), name: "\(name) (train)"), subset(Array(order[cut...]), name: "\(name) (test)"))
    }

    /// Per-feature mean and standard deviation of x (a zero deviation counts as 1).
    public func featureStatistics() -> (mean: [Float], std: [Float]) {
        let n = size, width = x.count / Swift.max(n, 1)
        var mean = [Double](repeating: 0, count: width), sq = [Double](repeating: 0, count: width)
        for i in 0..<n { for j in 0..<width { mean[j] += Double(x.storage[i * width + j]) } }
        for j in 0..<width { mean[j] /= Double(Swift.max(n, 1)) }
        for i in 0..<n { for j in 0..<width { let d = Double(x.storage[i * width + j]) - mean[j]; sq[j] += d * d } }
        let std = sq.map { v -> Float in let s = (v / Double(Swift.max(n, 1))).squareRoot(); return s > 1e-12 ? Float(s) : 1 }
        return (mean.map(Float.init), std)
    }

    /// x scaled with the given statistics: (x − mean) / std per feature.
    public func standardized(mean: [Float], std: [Float]) -> Dataset {
        let width = mean.count
        var values = x.storage
        for i in 0..<values.count { values[i] = (values[i] - mean[i % width]) / std[i % width] }
        return Dataset(name: name, x: Tensor(shape: x.shape, storage: values), y: y, classCount: classCount,
                       featureNames: featureNames, classNames: classNames)
    }
}
