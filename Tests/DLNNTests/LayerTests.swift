import Testing
import DLTensor
@testable import DLNN

/// Layer and loss values against PyTorch, and finite-difference checks through whole models.
@Suite struct LayerTests {
    static let cases = Array(Reference.shared.layers.indices)

    @Test(arguments: cases)
    func layerMatchesPyTorch(_ index: Int) throws {
        let c = Reference.shared.layers[index]
        var rng = RandomGenerator(seed: 0)
        let spec = LayerSpec(c.layer, numbers: c.layer == "dense" ? ["units": Double(c.out.shape.last!)] : [:])
        let model = try Model(name: "m", inputShape: Array(c.x.shape.dropFirst()), specs: [spec], rng: &rng)
        let layer = model.layers[0]
        for (name, value) in layer.namedParams { value.storage = c.params[name]!.data }
        let x = c.x.param
        var context = ForwardContext(training: true, rng: rng)
        let out = try model.forward(x, &context)
        #expect(closeness(out.storage, c.out.data) <= 1, "forward")
        try (out * c.upstream.tensor).sum().backward()
        #expect(closeness(x.grad!.storage, c.grads["x"]!.data, atol: 1e-4, rtol: 1e-3) <= 1, "dL/dx")
        for (name, p) in layer.namedParams {
            #expect(closeness(p.grad!.storage, c.grads[name]!.data, atol: 1e-4, rtol: 1e-3) <= 1, "dL/d\(name)")
        }
        if let mean = c.running_mean, let variance = c.running_var, let ex = c.eval_x, let eo = c.eval_out {
            let buffers = Dictionary(uniqueKeysWithValues: layer.namedBuffers)
            #expect(closeness(buffers["running_mean"]!.storage, mean.data) <= 1)
            #expect(closeness(buffers["running_var"]!.storage, variance.data) <= 1)
            var eval = ForwardContext(training: false, rng: rng)
            #expect(closeness(try model.forward(ex.tensor, &eval).storage, eo.data) <= 1, "evaluation mode")
        }
    }

    @Test(arguments: Array(Reference.shared.losses.indices))
    func lossMatchesPyTorch(_ index: Int) throws {
        let c = Reference.shared.losses[index]
        let out = c.output.param
        let value = try Loss.named(c.loss).compute(out, c.target.tensor)
        #expect(abs(Double(value.storage[0]) - c.value) <= 1e-5 * (1 + abs(c.value)))
        try value.backward()
        #expect(closeness(out.grad!.storage, c.grad.data) <= 1)
    }

    /// Every param of a model containing each layer kind, by central differences.
    @Test(arguments: ["tanh", "sigmoid", "relu", "gelu", "leaky_relu", "layernorm", "batchnorm", "softmax"])
    func wholeModelGradientCheck(_ middle: String) throws {
        var rng = RandomGenerator(seed: 3)
        let specs = [LayerSpec("dense", numbers: ["units": 5]), LayerSpec(middle), LayerSpec("dense", numbers: ["units": 3])]
        let model = try Model(name: "m", inputShape: [4], specs: specs, rng: &rng)
        let x = Tensor.randn([6, 4], using: &rng)
        let y = Tensor(shape: [6], storage: [0, 1, 2, 1, 0, 2])
        func loss() throws -> Tensor {
            var context = ForwardContext(training: true, rng: RandomGenerator(seed: 1))
            return try Loss.crossentropy.compute(try model.forward(x, &context), y)
        }
        for p in model.params { p.zeroGrad() }
        try loss().backward()
        for (i, p) in model.params.enumerated() {
            let analytic = p.grad!.storage
            for j in 0..<p.count {
                let saved = p.storage[j]
                let h: Float = 1e-2
                p.storage[j] = saved + h
                let up = try GradMode.withoutRecording { try loss() }.storage[0]
                p.storage[j] = saved - h
                let down = try GradMode.withoutRecording { try loss() }.storage[0]
                p.storage[j] = saved
                let numeric = (up - down) / (2 * h)
                #expect(abs(numeric - analytic[j]) <= 2e-3 + 2e-2 * abs(analytic[j]),
                        "\(middle) param \(i)[\(j)]: numeric \(numeric) vs autograd \(analytic[j])")
            }
        }
    }

    @Test func dropoutIsActiveOnlyWhileTraining() throws {
        var rng = RandomGenerator(seed: 0)
        let model = try Model(name: "m", inputShape: [1000], specs: [LayerSpec("dropout", numbers: ["p": 0.25])], rng: &rng)
        let x = Tensor.ones([2, 1000])
        var train = ForwardContext(training: true, rng: rng)
        let y = try model.forward(x, &train)
        let zeros = y.storage.filter { $0 == 0 }.count
        #expect((400...600).contains(zeros), "about a quarter of 2000 dropped, got \(zeros)")
        #expect(y.storage.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
        var eval = ForwardContext(training: false, rng: rng)
        #expect(try model.forward(x, &eval).storage == x.storage)
    }

    @Test func shapeErrorsNameTheLayer() {
        var rng = RandomGenerator(seed: 0)
        #expect(throws: ModelError.self) {
            _ = try Model(name: "m", inputShape: [4], specs: [LayerSpec("dense", numbers: ["units": 0])], rng: &rng)
        }
        do {
            _ = try Model(name: "m", inputShape: [4], specs: [LayerSpec("relu"), LayerSpec("bogus")], rng: &rng)
            Issue.record("expected an error")
        } catch let e as ModelError {
            #expect(e.layerPath == [1])
        } catch { Issue.record("\(error)") }
    }
}
