import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Synthetic 2-D classification sets, reproducible from their seed.
public enum Generators {
    public static let names = ["xor", "moons", "circles", "spirals", "ring"]

    public static func make(_ name: String, n: Int, noise: Double, seed: UInt64, classes: Int = 2) throws -> Dataset {
        guard n >= 2, n <= 10_000_000 else { throw DataError("\(name): n must be between 2 and 10 million, got \(n)") }
        guard noise >= 0 else { throw DataError("\(name): noise cannot be negative") }
        var rng = RandomGenerator(seed: seed)
        var points: [(Float, Float, Float)] = []
        let s = Float(noise)
        switch name {
        case "xor":
            for _ in 0..<n {
                let a = rng.uniform() * 2 - 1, b = rng.uniform() * 2 - 1
                points.append((a + s * rng.normal(), b + s * rng.normal(), (a > 0) != (b > 0) ? 1 : 0))
            }
        case "moons":
            // Two interleaving half circles (scikit-learn's make_moons).
            let outer = n / 2
            for i in 0..<n {
                let inner = i >= outer
                let k = inner ? i - outer : i, m = inner ? n - outer : outer
                let t = Float.pi * Float(k) / Float(Swift.max(m - 1, 1))
                let (px, py) = inner ? (1 - cosf(t), 0.5 - sinf(t)) : (cosf(t), sinf(t))
                points.append((px + s * rng.normal(), py + s * rng.normal(), inner ? 1 : 0))
            }
        case "circles":
            // A circle of radius 1 around one of radius 0.5.
            let outer = n / 2
            for i in 0..<n {
                let inner = i >= outer
                let k = inner ? i - outer : i, m = inner ? n - outer : outer
                let t = 2 * Float.pi * Float(k) / Float(Swift.max(m, 1))
                let r: Float = inner ? 0.5 : 1
                points.append((r * cosf(t) + s * rng.normal(), r * sinf(t) + s * rng.normal(), inner ? 1 : 0))
            }
        case "spirals":
            guard (2...10).contains(classes) else { throw DataError("spirals: classes must be between 2 and 10") }
            for i in 0..<n {
                let c = i % classes
                let r = Float(i / classes) / Float(Swift.max((n - 1) / classes, 1))
                let t = 4 * r + 2 * Float.pi * Float(c) / Float(classes) + s * rng.normal()
                points.append((r * sinf(t), r * cosf(t), Float(c)))
            }
        case "ring":
            // `classes` Gaussians evenly spaced on a circle of radius 2, the
            // usual test of whether a GAN covers every mode; y is the mode.
            guard (2...32).contains(classes) else { throw DataError("ring: classes (the number of modes) must be between 2 and 32") }
            for i in 0..<n {
                let c = i % classes
                let t = 2 * Float.pi * Float(c) / Float(classes)
                points.append((2 * cosf(t) + s * rng.normal(), 2 * sinf(t) + s * rng.normal(), Float(c)))
            }
        default:
            throw DataError("unknown generator '\(name)'")
        }
        let order = rng.permutation(n)
        let x = order.flatMap { [points[$0].0, points[$0].1] }
        let y = order.map { points[$0].2 }
        return Dataset(name: name, x: Tensor(shape: [n, 2], storage: x), y: Tensor(shape: [n], storage: y),
                       classCount: name == "spirals" || name == "ring" ? classes : 2, featureNames: ["x1", "x2"])
    }
}
