import Testing
import DLTensor
import DLNN
@testable import DLLang

/// A front end that keeps the backward pass instead of printing it.
final class BackpropCapture: FrontEnd {
    var presentation: BackpropPresentation?
    var text = ""
    static var traits: OutputTraits { var t = OutputTraits(); t.opensSteppers = true; return t }
    func receive(_ event: SessionEvent) {
        switch event {
        case .text(let t), .error(let t): text += t
        case .backprop(let p): presentation = p
        default: break
        }
    }
}

@Suite struct BackpropTests {
    /// Runs `setup`, then backprop, and checks every param gradient it shows
    /// against autograd (a separate backward) and central differences.
    func check(_ setup: String, _ call: String) throws {
        let sink = BackpropCapture()
        let session = Session(sink, traits: BackpropCapture.traits)
        #expect(session.run(SourceText(name: "<t>", text: setup), echo: false), "\(sink.text)")
        #expect(session.run(SourceText(name: "<t>", text: call), echo: false), "\(sink.text)")
        let p = try #require(sink.presentation)
        #expect(!p.paramGradients.isEmpty)
        // Autograd, separately.
        let plain = Session(output: CapturedOutput())
        plain.run(SourceText(name: "<t>", text: setup), echo: false)
        guard case .model(let model)? = plain.interpreter.globals.lookup("net") else { Issue.record("no model"); return }
        let loss = try lossValue(plain, model)
        for q in model.params { q.zeroGrad() }
        try loss().backward()
        let names = LayerTree.paramNames(of: model)
        for q in model.params {
            let name = names[ObjectIdentifier(q)]!
            let shown = try #require(p.paramGradients.first { $0.name == name }).values
            #expect(shown == q.grad!.storage, "\(name): backprop and autograd differ")
            // Central differences.
            for j in 0..<q.count {
                let saved = q.storage[j]
                q.storage[j] = saved + 1e-2
                let up = try GradMode.withoutRecording { try loss() }.storage[0]
                q.storage[j] = saved - 1e-2
                let down = try GradMode.withoutRecording { try loss() }.storage[0]
                q.storage[j] = saved
                let numeric = (up - down) / 2e-2
                #expect(abs(numeric - shown[j]) <= 2e-3 + 2e-2 * abs(shown[j]), "\(name)[\(j)]: \(shown[j]) vs \(numeric)")
            }
        }
        // The whole walk is there: one step per recorded node, and each param is completed once.
        #expect(p.steps.flatMap(\.finishedParams).sorted() == p.paramGradients.map(\.name).sorted())
        #expect(p.steps.allSatisfy { $0.lines.contains { $0.hasPrefix("  local ") } })
    }

    /// The loss backprop computes, rebuilt in the test's own session.
    func lossValue(_ s: Session, _ model: Model) throws -> () throws -> Tensor {
        guard case .tensor(let x)? = s.interpreter.globals.lookup("x"), case .tensor(let y)? = s.interpreter.globals.lookup("y") else {
            throw RuntimeError("no data")
        }
        let loss: Loss = model.outputShape.last == 1 ? .bce : .crossentropy
        return {
            var context = ForwardContext(training: false, rng: RandomGenerator(seed: 0))
            return try loss.compute(try model.forward(x, &context, skippingFinalActivation: loss.wantsLogits(model)), y)
        }
    }

    @Test func smallMLP() throws {
        try check("""
            seed(1)
            model net { input(3); dense(4); tanh(); dense(4); relu(); dense(1); sigmoid() }
            x = randn(5, 3)
            y = tensor([1, 0, 1, 1, 0])
            """, "backprop(net, x, y, loss: \"bce\")")
    }

    @Test func smallCNN() throws {
        try check("""
            seed(2)
            model net { input(1, 5, 5); conv2d(2, kernel: 3, padding: 1); relu(); conv2d(2, kernel: 2, stride: 2); flatten(); dense(3) }
            x = randn(2, 1, 5, 5)
            y = tensor([2, 0])
            """, "backprop(net, x, y, loss: \"crossentropy\")")
    }

    @Test func printedTextHasEveryStepAndTheParamGradients() {
        let out = CapturedOutput()
        let s = Session(output: out)
        s.run(SourceText(name: "<t>", text: "seed(0); model net { input(2); dense(1); sigmoid() }; backprop(net, tensor([[1, 2]]), tensor([1]))"), echo: false)
        #expect(out.text.hasPrefix("backward pass: 2 steps from the bce loss = "))
        #expect(out.text.contains("step 1/2 · node #6 bce") && out.text.contains("step 2/2 · node #4 linear"))
        #expect(out.text.contains("param gradients (now in .grad):\n  layers[0].bias = "))
    }

    /// Every op of the engine gets a derivative formula and its numbers.
    @Test func everyOpIsExplainedWithNumbers() throws {
        let a = Tensor(shape: [2, 3], storage: [0.5, -1, 2, 0.3, 1.5, -0.2], isParam: true)
        let b = Tensor(shape: [3], storage: [0.7, 1.2, -0.4], isParam: true)
        let m = Tensor(shape: [3, 2], storage: [1, 2, 0.5, -1, 0.25, 0.75], isParam: true)
        let positive = Tensor(shape: [2, 3], storage: [0.5, 1, 2, 0.3, 1.5, 0.2], isParam: true)
        let image = Tensor(shape: [1, 1, 3, 3], storage: (0..<9).map { Float($0) / 9 }, isParam: true)
        let kernel = Tensor(shape: [1, 1, 2, 2], storage: [0.5, -0.5, 0.25, 1], isParam: true)
        let builders: [String: () throws -> Tensor] = [
            "add": { try a + b }, "sub": { try a - b }, "mul": { try a * b }, "div": { try a / b },
            "pow": { try positive.pow(b) }, "neg": { -a }, "exp": { a.exp() }, "log": { positive.log() },
            "sqrt": { positive.sqrt() }, "abs": { a.abs() }, "sin": { a.sin() }, "cos": { a.cos() },
            "relu": { a.relu() }, "sigmoid": { a.sigmoid() }, "tanh": { a.tanh() }, "gelu": { a.gelu() },
            "sum": { try a.sum(axis: 1) }, "mean": { try a.mean(axis: 0) }, "max": { try a.max(axis: 1) },
            "min": { try a.min() }, "matmul": { try a.matmul(m) }, "linear": { try a.linear(weight: m, bias: Tensor(shape: [2], storage: [0.1, -0.3], isParam: true)) }, "reshape": { try a.reshaped([3, 2]) },
            "transpose": { try a.transposed() }, "index": { try a.indexed([.at(1)]) },
            "concat": { try Tensor.concat([a, a], axis: 0) }, "softmax": { try a.softmax() },
            "log_softmax": { try a.logSoftmax() }, "leaky_relu": { a.leakyRelu(slope: 0.1) },
            "crossentropy": { try a.crossEntropy(labels: Tensor(shape: [2], storage: [2, 0])) },
            "bce": { try a.binaryCrossEntropy(targets: Tensor(shape: [2, 3], storage: [1, 0, 1, 0, 0, 1])) },
            "conv2d": { try image.conv2d(weight: kernel, bias: nil) },
            "maxpool2d": { try image.maxpool2d(2) }, "avgpool2d": { try image.avgpool2d(2) },
            "embedding": { try m.embedding(Tensor(shape: [2], storage: [2, 0])) },
            "attention": { let x = try a.reshaped([1, 2, 3]); return try Tensor.attention(x, x, x, heads: 1, causal: true).output },
            "layernorm": { try a.layerNorm(gamma: Tensor(shape: [3], storage: [1, 0.5, 2], isParam: true),
                                           beta: Tensor(shape: [3], storage: [0, 0.1, -0.1], isParam: true), eps: 1e-5) },
            "lstm": { try Tensor(shape: [1, 2, 1], storage: [0.5, -1], isParam: true)
                .lstm(wIH: Tensor(shape: [1, 4], storage: [0.3, -0.2, 0.8, 0.1], isParam: true),
                      wHH: Tensor(shape: [1, 4], storage: [0.5, 0.4, -0.6, 0.2], isParam: true),
                      bias: Tensor(shape: [4], storage: [0, 1, 0, 0], isParam: true)) },
            "rnn": { try Tensor(shape: [1, 2, 1], storage: [0.5, -1], isParam: true)
                .rnn(wIH: Tensor(shape: [1, 2], storage: [0.3, -0.2], isParam: true),
                     wHH: Tensor(shape: [2, 2], storage: [0.5, 0.4, -0.6, 0.2], isParam: true),
                     bias: Tensor(shape: [2], storage: [0.1, -0.1], isParam: true)) },
            "gru": { try Tensor(shape: [1, 2, 1], storage: [0.5, -1], isParam: true)
                .gru(wIH: Tensor(shape: [1, 3], storage: [0.3, -0.2, 0.8], isParam: true),
                     wHH: Tensor(shape: [1, 3], storage: [0.5, 0.4, -0.6], isParam: true),
                     bIH: Tensor(shape: [3], storage: [0, 1, 0], isParam: true),
                     bHH: Tensor(shape: [3], storage: [0.1, 0, -0.2], isParam: true)) },
        ]
        #expect(Set(builders.keys) == Set(Op.all.map(\.name)), "an op without an explanation: \(Set(Op.all.map(\.name)).subtracting(builders.keys))")
        for (name, build) in builders {
            let out = try build()
            #expect(out.node?.op.name == name)
            let steps = try (out.count == 1 ? out : try out.sum()).backwardTrace()
            let step = try #require(steps.first { $0.op.name == name })
            let lines = step.op.numbers(step)
            #expect(!lines.isEmpty && lines.allSatisfy { !$0.isEmpty }, "\(name) has no numbers")
            #expect(!step.op.formula.isEmpty)
        }
    }
}
