import DLTensor
import DLNN
import DLData
import TextFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text for character-level models: a corpus, ids in and out, windows of
/// ids as a dataset, and sampling from a trained model.
extension Builtins {
    static func text() -> [Builtin] {
        [
            Builtin("text(source)",
                    "A corpus for character-level models: a built-in (sonnets shakespeare names words) or the path of a UTF-8 text file. corpus.vocab lists its distinct characters, sorted; corpus.size counts its characters.",
                    example: "corpus = text(\"sonnets\"); corpus.vocab[0:5]") { a in
                let source = try a.string(0, "source")
                let names = Corpus.builtins.map(\.name)
                // A bare word is a built-in unless a file of that name is here.
                guard names.contains(source) || source.contains(".") || source.contains("/") || access(source, F_OK) == 0 else {
                    let near = closestName(to: source, among: names).map { "did you mean \"\($0)\"? " } ?? ""
                    throw RuntimeError("text: no built-in corpus named '\(source)'", at: a.at(0),
                                       help: near + "the built-ins are " + names.joined(separator: ", ") + "; or give a file path")
                }
                return .corpus(try DLLang.at(a.at(0)) { try Corpus.load(source) })
            },
            Builtin("encode(corpus, s)", "The ids of the characters of s in the corpus's vocab, as a 1-D tensor of whole numbers.",
                    example: "corpus = text(\"names\"); encode(corpus, \"emma\")") { a in
                let corpus = try a.corpus(0)
                let s = try a.string(1, "s")
                let ids = try DLLang.at(a.at(1)) { try corpus.encode(s) }
                return .tensor(Tensor(shape: [ids.count], storage: ids.map(Float.init)))
            },
            Builtin("decode(corpus, ids)", "The string of these ids: a tensor of any shape (read in order) or a list of numbers.",
                    example: "corpus = text(\"names\"); decode(corpus, encode(corpus, \"ava\"))") { a in
                let corpus = try a.corpus(0)
                if case .list(let l) = a.value(1), l.items.isEmpty { return .string("") }
                let t = try a.tensor(1, "ids")
                var ids: [Int] = []
                ids.reserveCapacity(t.count)
                for (i, v) in t.storage.enumerated() {
                    guard v.isFinite, v == v.rounded() else {
                        throw RuntimeError("decode: id \(NumberFormat.readable(Double(v), significant: 6)) at position \(i) is not a whole number", at: a.at(1),
                                           help: "ids are whole numbers from 0 to \(corpus.vocab.count - 1); argmax(logits, axis: -1) gives them")
                    }
                    // Checked as a float: converting 1e20 to Int would trap.
                    guard v >= 0, v < Float(corpus.vocab.count) else {
                        throw RuntimeError("decode: id \(NumberFormat.readable(Double(v), significant: 6)) at position \(i) is out of range: the vocab of \(corpus.name) has ids 0 to \(corpus.vocab.count - 1)", at: a.at(1))
                    }
                    ids.append(Int(v))
                }
                let s = try DLLang.at(a.at(1)) { try corpus.decode(ids) }
                guard s.utf8.count <= ListBox.maxStringBytes else {
                    throw RuntimeError("decode: a string of more than \(ListBox.maxStringBytes) bytes is too large", at: a.at(1))
                }
                return .string(s)
            },
            Builtin("sequences(corpus, length: 64, stride: none)",
                    "A dataset of windows of the text: x [n, length] ids and y [n, length] the next ids (x shifted by one). Windows start every stride characters (default: length, so they do not overlap).",
                    example: "data = sequences(text(\"sonnets\"), length: 32); train, test = split(data, 0.9)") { a in
                let corpus = try a.corpus(0)
                let length = try a.int("length", default: 64)
                let stride = try a.optionalInt("stride") ?? length
                let loc = a.keyword("stride")?.1 ?? a.keyword("length")?.1 ?? a.location
                let n = try DLLang.at(loc) { try corpus.windowCount(length: length, stride: stride) }
                try a.checkSize(n * length * 2, "\(n) windows of \(length)")
                return .dataset(try DLLang.at(loc) { try corpus.sequences(length: length, stride: stride) })
            },
            Builtin("sample(net, corpus, prompt, n, temperature: 1.0, seed: 0)",
                    "The prompt followed by n characters the model draws one at a time from its next-character logits, divided by temperature (0: always the most likely). The same seed gives the same text.",
                    example: "corpus = text(\"names\"); model m { input(8); dense(corpus.vocab_size) }; sample(m, corpus, \"ann\", 10, seed: 1)") { a in
                try sample(a)
            },
        ]
    }

    /// The most characters one `sample` call draws.
    static let maxSampled = 100_000

    private static func sample(_ a: Arguments) throws -> Value {
        let model = try a.model(0)
        let corpus = try a.corpus(1)
        let prompt = try a.string(2, "prompt")
        let n = try a.int(3, "n")
        guard (0...maxSampled).contains(n) else {
            throw RuntimeError("sample: n must be from 0 to \(maxSampled), got \(n)", at: a.at(3))
        }
        let temperature = try a.number("temperature", default: 1.0)
        guard temperature.isFinite, temperature >= 0 else {
            throw RuntimeError("sample: temperature must be 0 or more, got \(NumberFormat.shortest(temperature))",
                               at: a.keyword("temperature")?.1 ?? a.location, help: "0 always picks the most likely character; 1 samples the model's probabilities")
        }
        let seed = try a.int("seed", default: 0)
        guard seed >= 0 else { throw RuntimeError("sample: seed must be 0 or more, got \(seed)", at: a.keyword("seed")?.1 ?? a.location) }
        guard model.inputShape.count == 1, let window = model.inputShape.first else {
            throw RuntimeError("sample: model \(model.name) takes inputs of shape \(Shape.describe(model.inputShape)), not a window of ids",
                               at: a.at(0), help: "sample needs a model whose input is input(T): T character ids")
        }
        let vocab = corpus.vocab.count
        let out = model.outputShape
        guard out.count == 1 || out.count == 2, out.last == vocab else {
            throw RuntimeError("sample: model \(model.name) gives outputs of shape \(Shape.describe(out)), but the corpus \(corpus.name) has \(vocab) characters",
                               at: a.at(0), help: "end the model with dense(\(vocab)) (corpus.vocab_size) so it scores every next character")
        }
        var ids = try DLLang.at(a.at(2)) { try corpus.encode(prompt, for: "sample") }
        guard !ids.isEmpty else {
            throw RuntimeError("sample: the prompt is empty", at: a.at(2), help: "give the model at least one character to start from, e.g. \"\\n\"")
        }
        var rng = RandomGenerator(seed: UInt64(seed))
        var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
        let logitsOfSoftmax = model.finalActivation == "softmax"
        // Until the model accepts windows shorter than T, a short context is
        // left-padded with its first id to a full window.
        var padShort = false
        var generated = ""
        for _ in 0..<n {
            if a.interpreter.isInterrupted() {
                throw RuntimeError("interrupted", at: a.location, help: "it had drawn \(generated.count) of \(n) characters")
            }
            let recent = Array(ids.suffix(window))
            func run(_ row: [Int]) throws -> Tensor {
                try GradMode.withoutRecording {
                    try model.forward(Tensor(shape: [1, row.count], storage: row.map(Float.init)), &context,
                                      skippingFinalActivation: logitsOfSoftmax)
                }
            }
            let padded = Array(repeating: recent[0], count: window - recent.count) + recent
            let y: Tensor
            if recent.count == window || padShort {
                y = try DLLang.at(a.at(0)) { try run(padded) }
            } else if let short = try? run(recent) {
                y = short
            } else {
                padShort = true
                y = try DLLang.at(a.at(0)) { try run(padded) }
            }
            guard y.shape.last == vocab, y.count >= vocab else {
                throw RuntimeError("sample: model \(model.name) gave outputs of shape \(Shape.describe(y.shape)) for a window of \(recent.count) ids; expected [1, \(vocab)] or [1, t, \(vocab)]",
                                   at: a.at(0))
            }
            let next = pick(lastRow(y, vocab), temperature: temperature, &rng)
            ids.append(next)
            generated.append(corpus.vocab[next])
        }
        return .string(prompt + generated)
    }

    /// The logits of the last position: y is [1, vocab] or [1, t, vocab].
    private static func lastRow(_ y: Tensor, _ vocab: Int) -> ArraySlice<Float> {
        let s = y.storage
        return s[(s.count - vocab)...]
    }

    /// An id drawn from softmax(logits / temperature), or the first largest for temperature 0.
    static func pick(_ logits: ArraySlice<Float>, temperature: Double, _ rng: inout RandomGenerator) -> Int {
        let xs = logits.map(Double.init)
        var best = 0
        for (i, v) in xs.enumerated() where v > xs[best] || (xs[best].isNaN && !v.isNaN) { best = i }
        if temperature == 0 { return best }
        let top = xs[best]
        guard top.isFinite else { return best }
        let weights = xs.map { $0.isNaN ? 0 : expDouble(($0 - top) / temperature) }
        let total = weights.reduce(0, +)
        // 53 random bits: the draw is the same on every machine.
        let u = Double(rng.next() >> 11) * 0x1p-53 * total
        var sum = 0.0
        for (i, w) in weights.enumerated() {
            sum += w
            if u < sum { return i }
        }
        return best
    }
}

extension Arguments {
    func corpus(_ i: Int) throws -> Corpus {
        guard case .corpus(let c) = value(i) else {
            throw RuntimeError("\(builtin.name): argument \(i + 1) must be a corpus, got a \(value(i).typeName)", at: at(i),
                               help: "e.g. corpus = text(\"sonnets\")")
        }
        return c
    }
}
