import Testing
import DLTensor
#if canImport(Glibc)
import Glibc
#endif
@testable import DLNN

/// `neurons(net)`'s numbers: what each unit computes over the input plane.
@Suite struct NeuronMapsTests {
    func dense(_ n: Int) -> LayerSpec { LayerSpec("dense", numbers: ["units": Double(n)]) }

    /// A 2-2-1 network with weights set by hand.
    func handSet(_ hidden: String = "tanh") throws -> Model {
        var rng = RandomGenerator(seed: 0)
        let m = try Model(name: "m", inputShape: [2], specs: [dense(2), LayerSpec(hidden), dense(1), LayerSpec("sigmoid")], rng: &rng)
        m.layers[0].namedParams[0].1.storage = [0.5, -1.0,   // weight [in 2, out 2]: row per input
                                                 2.0, 0.25]
        m.layers[0].namedParams[1].1.storage = [0.1, -0.3]
        m.layers[2].namedParams[0].1.storage = [1.5, -2.0]
        m.layers[2].namedParams[1].1.storage = [0.2]
        return m
    }

    @Test func mapsEqualTheAnalyticActivations() throws {
        let m = try handSet()
        let bounds = NeuronMaps.Bounds(x0: -1, x1: 3, y0: -2, y1: 2)
        let maps = try NeuronMaps.compute(m, bounds: bounds, columns: 5, rows: 5)
        // Shown: the tanh (the hidden units' outputs) and the sigmoid output.
        #expect(maps.layers.map(\.index) == [1, 3])
        func h(_ x: Double, _ y: Double) -> (Double, Double) {
            (tanh(0.5 * x + 2.0 * y + 0.1), tanh(-1.0 * x + 0.25 * y - 0.3))
        }
        // Corners, the centre and an inner point: column c is x = -1 + c, row r is y = 2 - r.
        for (r, c) in [(0, 0), (0, 4), (4, 0), (4, 4), (2, 2), (1, 3)] {
            let x = -1.0 + Double(c), y = 2.0 - Double(r)
            let p = maps.point(row: r, column: c)
            #expect(Double(p.x) == x && Double(p.y) == y)
            let (h0, h1) = h(x, y)
            let out = 1 / (1 + exp(-(1.5 * h0 - 2.0 * h1 + 0.2)))
            let i = r * 5 + c
            #expect(abs(Double(maps.layers[0].maps[0].values[i]) - h0) < 1e-5)
            #expect(abs(Double(maps.layers[0].maps[1].values[i]) - h1) < 1e-5)
            #expect(abs(Double(maps.layers[1].maps[0].values[i]) - out) < 1e-5)
        }
        #expect(maps.layers[1].isOutput && !maps.layers[0].isOutput)
    }

    @Test func deadAndSaturatedUnitsAreMarked() throws {
        let relu = try handSet("relu")
        // Unit 1 is below 0 over the whole plane [-1, 1]²: -x + 0.25y - 3 < 0.
        relu.layers[0].namedParams[1].1.storage = [0.1, -3]
        let r = try NeuronMaps.compute(relu, bounds: .init(x0: -1, x1: 1, y0: -1, y1: 1), columns: 4, rows: 4)
        #expect(r.layers[0].maps.map(\.state) == [.alive, .dead])
        let tanh = try handSet("tanh")
        tanh.layers[0].namedParams[1].1.storage = [40, 0]
        let t = try NeuronMaps.compute(tanh, bounds: .init(x0: -1, x1: 1, y0: -1, y1: 1), columns: 4, rows: 4)
        #expect(t.layers[0].maps.map(\.state) == [.saturated, .alive])
    }

    @Test func onlyModelsOnTwoInputs() throws {
        var rng = RandomGenerator(seed: 0)
        let m = try Model(name: "wide", inputShape: [3], specs: [dense(2)], rng: &rng)
        #expect(throws: ModelError.self) {
            try NeuronMaps.compute(m, bounds: .init(x0: -1, x1: 1, y0: -1, y1: 1), columns: 4, rows: 4)
        }
        let flat = try handSet()
        #expect(throws: ModelError.self) {
            try NeuronMaps.compute(flat, bounds: .init(x0: 1, x1: 1, y0: -1, y1: 1), columns: 4, rows: 4)
        }
        // Computing the maps leaves the model as it was.
        _ = try NeuronMaps.compute(flat, bounds: .init(x0: -1, x1: 1, y0: -1, y1: 1), columns: 4, rows: 4)
        #expect(!flat.recordsActivations && flat.lastActivations.isEmpty)
    }
}
