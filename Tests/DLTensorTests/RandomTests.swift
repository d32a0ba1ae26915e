import Foundation
import Testing
import DLTensor

/// The generator against an independent Python implementation (Golden/rng.json).
@Suite struct RandomTests {
    struct Seed: Decodable { let seed: UInt64; let raw: [String]; let uniform: [Float]; let normal: [Float] }
    struct File: Decodable { let seeds: [Seed] }

    static let seeds: [Seed] = {
        let url = Bundle.module.url(forResource: "Golden/rng", withExtension: "json")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).seeds
    }()

    @Test func drawsMatchTheDocumentedAlgorithm() {
        for s in Self.seeds {
            var g = RandomGenerator(seed: s.seed)
            #expect((0..<8).map { _ in String(g.next()) } == s.raw, "seed \(s.seed)")
            var u = RandomGenerator(seed: s.seed)
            #expect((0..<8).map { _ in u.uniform() } == s.uniform)
            var n = RandomGenerator(seed: s.seed)
            #expect((0..<8).map { _ in n.normal() } == s.normal)
        }
    }

    @Test func normalSamplesHaveUnitMoments() {
        var g = RandomGenerator(seed: 7)
        let xs = (0..<100_000).map { _ in Double(g.normal()) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        #expect(Swift.abs(mean) < 0.02 && Swift.abs(variance - 1) < 0.02)
    }

    @Test func belowIsInRangeAndPermutationIsOne() {
        var g = RandomGenerator(seed: 3)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(g.below(7)) })
        #expect(g.permutation(50).sorted() == Array(0..<50))
    }
}
