import DLTensor
import DLData

extension Builtins {
    static func data() -> [Builtin] {
        [
            Builtin("dataset(source, [y], target: none, n: 200, noise: 0.1, seed: 0, classes: 2)",
                    "A dataset: a built-in name (iris digits wine breast_cancer diabetes; mnist fashion_mnist give [train, test]; karate_club gives a graph; generated xor moons circles spirals ring; classes: sets the spirals' arms and the ring's modes), a CSV path, or tensors x and y.",
                    example: "data = dataset(\"moons\", n: 100, noise: 0.1, seed: 1)") { a in
                if a.count == 2 {
                    let x = try a.tensor(0, "x"), y = try a.tensor(1, "y")
                    return .dataset(try Dataset.from(x: x, y: y))
                }
                let source = try a.string(0, "source")
                if Generators.names.contains(source) {
                    let n = try a.int("n", default: 200)
                    try a.checkSize(n * 2, "a dataset of \(n) points")
                    return .dataset(try Generators.make(source, n: n, noise: try a.number("noise", default: 0.1),
                                                        seed: UInt64(Swift.max(0, try a.int("seed", default: 0))),
                                                        classes: try a.int("classes", default: 2)))
                }
                if GraphData.names.contains(source) {
                    let g = try GraphData.load(source)
                    let n = g.nodeCount
                    return .record(Record(kind: "graph", fields: [
                        ("x", .tensor(Tensor.eye(n))),
                        ("y", .tensor(Tensor(shape: [n], storage: g.labels.map(Float.init)))),
                        ("adjacency", .tensor(g.adjacency)),
                        ("edges", .tensor(Tensor(shape: [g.edges.count, 2], storage: g.edges.flatMap { [Float($0.0), Float($0.1)] }))),
                        ("classes", Value.list(g.classNames.map { .string($0) })),
                        ("size", .number(Double(n))),
                    ]))
                }
                if BuiltinDatasets.real.contains(source) {
                    return .dataset(try BuiltinDatasets.table(source))
                }
                if BuiltinDatasets.images.contains(source) {
                    let (train, test) = try BuiltinDatasets.imageSets(source)
                    return .list([.dataset(train), .dataset(test)])
                }
                guard source.contains(".") || source.contains("/") else {
                    let all = BuiltinDatasets.real + BuiltinDatasets.images + GraphData.names + Generators.names
                    let near = closestName(to: source, among: all).map { "did you mean \"\($0)\"? " } ?? ""
                    throw RuntimeError("dataset: no built-in dataset named '\(source)'",
                                       help: near + "The built-ins are " + all.joined(separator: ", "))
                }
                var target: String? = nil
                if let (v, loc) = a.keyword("target"), !Training.isNone(v) {
                    guard case .string(let t) = v else { throw RuntimeError("dataset: target must be a column name", at: loc) }
                    target = t
                }
                let name = String(source.split(separator: "/").last ?? Substring(source))
                return .dataset(try CSVLoader.load(path: source, name: name, target: target))
            },
            Builtin("split(data, fraction, seed: 0)", "Shuffles a dataset with the seed and cuts it: [train, test] with fraction of the samples in train.",
                    example: "train, test = split(dataset(\"iris\"), 0.8, seed: 0)") { a in
                let d = try a.dataset(0)
                let fraction = try a.number(1, "fraction")
                let seed = try a.int("seed", default: 0)
                guard seed >= 0 else { throw RuntimeError("split: seed must be 0 or more") }
                let (train, test) = try d.split(fraction, seed: UInt64(seed))
                return .list([.dataset(train), .dataset(test)])
            },
            Builtin("standardize(data, [other])", "Scales each feature to mean 0 and standard deviation 1, using data's statistics; with two datasets returns both, scaled alike.",
                    example: "train, test = standardize(dataset(\"wine\"), dataset(\"wine\"))") { a in
                let d = try a.dataset(0)
                let (mean, std) = d.featureStatistics()
                if a.count == 2 {
                    let other = try a.dataset(1)
                    guard other.x.count / Swift.max(other.size, 1) == mean.count else {
                        throw RuntimeError("standardize: the two datasets have different features")
                    }
                    return .list([.dataset(d.standardized(mean: mean, std: std)), .dataset(other.standardized(mean: mean, std: std))])
                }
                return .dataset(d.standardized(mean: mean, std: std))
            },
        ]
    }
}
