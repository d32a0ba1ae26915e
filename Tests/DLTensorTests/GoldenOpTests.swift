import Testing
import DLTensor

/// Forward values and gradients against NumPy references (tools/make_golden.py).
@Suite struct GoldenOpTests {
    @Test(arguments: OpCase.all)
    func forwardAndBackwardMatchNumPy(_ c: OpCase) throws {
        let inputs = c.inputs.map { $0.tensor() }
        let out = try c.apply(inputs)
        #expect(out.shape == c.output.shape)
        #expect(closeness(out.storage, c.output.data, atol: 1e-5, rtol: 1e-4) <= 1)
        #expect(out.node?.op.name == c.op, "the case must exercise its own op")

        let loss = try (out * c.upstream.tensor(param: false)).sum()
        try loss.backward()
        for (i, (x, g)) in zip(inputs, c.grads).enumerated() where !c.constantInputs.contains(i) {
            let grad = try #require(x.grad, "input \(i) got no gradient")
            #expect(grad.shape == g.shape)
            #expect(closeness(grad.storage, g.data, atol: 1e-4, rtol: 1e-3) <= 1, "gradient of input \(i)")
        }
    }

    @Test func everyOpHasAGoldenCase() {
        let covered = Set(OpCase.all.map(\.op))
        let missing = Op.all.map(\.name).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "ops without a golden case: \(missing)")
    }

    @Test func everyOpHasADerivativeFormula() {
        for op in Op.all {
            #expect(op.formula.contains("/∂") || op.formula.contains("/d"), "\(op.name) has no derivative text")
        }
        #expect(Set(Op.all.map(\.name)).count == Op.all.count)
    }
}
