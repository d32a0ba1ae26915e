import Testing
import DLTensor
import DLNN
@testable import DLLang

/// The diverging palette, neuron maps as text and h.layers in the language.
@Suite struct LookingInsideTests {
    func run(_ code: String, unicode: Bool = true) -> (text: String, session: Session) {
        let out = CapturedOutput(columns: 100, unicode: unicode)
        let session = Session(output: out)
        session.run(SourceText(name: "<t>", text: code), echo: false)
        return (out.text, session)
    }

    @Test func signedPixelsGetDivergingLevels() throws {
        let t = Tensor(shape: [1, 5], storage: [-2, -1, 0, 1, 2])
        let p = try Picture.picture(t, width: 100, unicode: true, diverging: true)
        // Two cells per pixel; ±2 is the deepest colour, 0 is white.
        #expect(p.lines[0].map(\.level) == [-5, -5, -3, -3, 0, 0, 3, 3, 5, 5])
        // Without colour the characters are the same shades as before.
        #expect(p.text(colors: false)[0] == (try Picture.lines(t, width: 100, unicode: true))[0])
        // With colour: background escapes from the palette, one per run, reset at the end.
        let coloured = p.text(colors: true)[0]
        #expect(coloured == "\u{1B}[48;5;25m  \u{1B}[48;5;74m  \u{1B}[48;5;231m  \u{1B}[48;5;208m  \u{1B}[48;5;166m  \u{1B}[0m")
        #expect(p.text(colors: true).last!.hasPrefix("-2 \u{1B}[48;5;25m"))
    }

    @Test func oneSignedTensorsKeepShades() throws {
        let t = Tensor(shape: [2, 2], storage: [0, 1, 2, 3])
        let p = try Picture.picture(t, width: 100, unicode: true, diverging: true)
        let uncoloured = p.lines.allSatisfy { $0.allSatisfy { $0.level == nil } }
        #expect(uncoloured)
        #expect(p.text(colors: true) == (try Picture.lines(t, width: 100, unicode: true)))
    }

    @Test func showWithoutATerminalHasNoEscapes() {
        let (text, _) = run("show(tensor([[-1, 0, 1]]))")
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasSuffix("-1 [ ░▒▓█] 1\n"))
    }

    @Test func neuronMapsAsText() {
        let code = """
        model m { input(2); dense(2); relu(); dense(1); sigmoid() }
        w = m.layers[0].weight
        w[0, 0] = 1
        w[0, 1] = 0
        w[1, 0] = 0
        w[1, 1] = 0
        b = m.layers[0].bias
        b[0] = 0
        b[1] = -1
        neurons(m, tensor([[-1, -1], [1, 1]]))
        """
        let (text, _) = run(code)
        #expect(text.contains("m.layers[1] relu(): 2 units"), "\(text)")
        #expect(text.contains("1 dead (0 everywhere)"))
        #expect(text.contains("unit 0            unit 1 DEAD"))
        #expect(text.contains("m.layers[3] sigmoid(): the output, 0 [ ░▒▓█] 1"))
        // Unit 0 is relu(x): dark on the left half, bright at the right edge.
        let rows = text.split(separator: "\n").map(String.init)
        let first = rows.firstIndex { $0.hasPrefix("unit 0") }! + 1
        #expect(rows[first].hasPrefix("        "))
        #expect(Array(rows[first])[15] == "█")
        let ascii = run(code, unicode: false).text
        let allASCII = ascii.allSatisfy { $0.isASCII }
        #expect(allASCII)
    }

    @Test func neuronsNeedsTwoInputs() {
        let (text, _) = run("model w { input(3); dense(2) }\nneurons(w)")
        #expect(text.contains("neuron maps need a model on 2-D inputs (points of a plane), but w takes [3]"))
        #expect(text.contains("<t>:2:9"))
        let bad = run("model m { input(2); dense(2) }\nneurons(m, zeros(4, 3))").text
        #expect(bad.contains("neurons: data must hold 2-D points ([n, 2])"))
    }

    @Test func historyLayersInTheLanguage() {
        let code = """
        seed(0)
        data = dataset("moons", n: 64, seed: 1)
        model net { input(2); dense(4); tanh(); dense(1); sigmoid() }
        h = fit(net, data, epochs: 3, batch: 16, optimizer: sgd(lr: 0.1), loss: "bce", verbose: false)
        print(len(h.layers), h.layers[1].name, h.layers[1].activations.shape, len(h.layers[0].update_ratio))
        print(sum(h.layers[1].activations[0]), h.layers[1].update_ratio)
        print(h.layers[3].note)
        off = fit(net, data, epochs: 1, verbose: false, record: false)
        print(len(off.layers))
        """
        let (text, _) = run(code)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "4 layers[1] tanh() [12, 24] 12", "\(text)")
        #expect(lines[1] == "64 none")
        #expect(lines[2].hasPrefix("the loss folds this final activation in"))
        #expect(lines[3] == "0")
    }

    /// The maps (the output's is the decision boundary) replay draws for
    /// epoch k are those of the same model trained k epochs from the same seeds.
    @Test func replayShowsTheModelAsItWasAtAnEpoch() {
        func maps(_ text: String) -> String {
            String(text[text.range(of: "what each unit computes")!.lowerBound...])
        }
        let train = """
        seed(0)
        data = dataset("xor", n: 100, seed: 1)
        model net { input(2); dense(3); tanh(); dense(1); sigmoid() }
        """
        let replayed = run(train + "\nh = fit(net, data, epochs: 12, batch: 16, optimizer: adam(lr: 0.05), loss: \"bce\", seed: 7, verbose: false)\nreplay(h, data, epoch: 4)").text
        let direct = run(train + "\nh = fit(net, data, epochs: 4, batch: 16, optimizer: adam(lr: 0.05), loss: \"bce\", seed: 7, verbose: false)\nneurons(net, data)").text
        let full = run(train + "\nh = fit(net, data, epochs: 12, batch: 16, optimizer: adam(lr: 0.05), loss: \"bce\", seed: 7, verbose: false)\nneurons(net, data)").text
        #expect(replayed.hasPrefix("net after epoch 4, training loss"), "\(replayed)")
        #expect(maps(replayed) == maps(direct))
        // Epoch 12 looks different, and replay put the weights back.
        #expect(maps(full) != maps(direct))
        let after = run(train + "\nh = fit(net, data, epochs: 12, batch: 16, optimizer: adam(lr: 0.05), loss: \"bce\", seed: 7, verbose: false)\nreplay(h, data, epoch: 4)\nneurons(net, data)").text
        #expect(after.hasSuffix(maps(full)))
        let missing = run(train + "\nh = fit(net, data, epochs: 2, verbose: false)\nreplay(h, epoch: 3)").text
        #expect(missing.contains("replay: epoch 3 was not kept"))
        #expect(missing.contains("kept: epochs 0 (before training) to 2"))
    }

    @Test func landscapeInTheLanguage() {
        let code = """
        seed(0)
        data = dataset("moons", n: 40, seed: 1)
        model m { input(2); dense(3); tanh(); dense(1); sigmoid() }
        h = fit(m, data, epochs: 6, batch: 20, optimizer: sgd(lr: 0.5), loss: "bce", verbose: false)
        r = landscape(m, data, steps: 5, seed: 2)
        print(r.loss.shape, abs(r.center - evaluate(m, data).loss) < 1e-12, r.alphas, len(r.path_alpha))
        p = landscape(m, data, steps: 7, along: h)
        print(len(p.path_alpha), abs(p.path_alpha[-1]) < 1e-9)
        landscape(m, data, steps: 4)
        """
        let (text, _) = run(code)
        #expect(text.contains("[5, 5] true [-1, -0.5, 0, 0.5, 1] 0"), "\(text)")
        #expect(text.contains("\n7 true\n"))
        #expect(text.contains("along random filter-normalised directions"))
        #expect(text.contains("the path fit took, from o"))
        #expect(text.contains("landscape: steps must be odd"))
        let ascii = run(code, unicode: false).text
        let allASCII = ascii.allSatisfy { $0.isASCII || $0 == "α" || $0 == "β" || $0 == "×" }
        #expect(allASCII)
    }

    /// With colour, a tanh layer's maps carry levels around 0 and a sigmoid
    /// output's around 0.5; without, none.
    @Test func neuronMapsCarryDivergingLevels() throws {
        var rng = RandomGenerator(seed: 1)
        let m = try Model(name: "m", inputShape: [2], specs: [
            LayerSpec("dense", numbers: ["units": 2]), LayerSpec("tanh"), LayerSpec("dense", numbers: ["units": 1]), LayerSpec("sigmoid"),
        ], rng: &rng)
        let maps = try NeuronMaps.compute(m, bounds: .init(x0: -3, x1: 3, y0: -3, y1: 3), columns: 16, rows: 8)
        let colored = NeuronPicture.picture(maps, name: "m", width: 100, unicode: true, diverging: true)
        let levels = colored.lines.flatMap { $0.compactMap(\.level) }
        #expect(!levels.isEmpty && levels.allSatisfy { (-5...5).contains($0) })
        #expect(levels.contains { $0 < 0 } && levels.contains { $0 > 0 })
        let plain = NeuronPicture.picture(maps, name: "m", width: 100, unicode: true, diverging: false)
        #expect(plain.lines.allSatisfy { $0.allSatisfy { $0.level == nil } })
        // The same characters either way: the screen can fall back to them.
        #expect(colored.lines.count == plain.lines.count)
    }
}
