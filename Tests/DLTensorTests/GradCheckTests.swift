import Testing
import DLTensor

/// Central finite differences against autograd, for every op (each golden
/// case is also a gradient check, on the engine alone).
@Suite struct GradCheckTests {
    @Test(arguments: OpCase.all)
    func autogradMatchesFiniteDifferences(_ c: OpCase) throws {
        let upstream = c.upstream.tensor(param: false)
        let inputs = c.inputs.map { $0.tensor() }
        try (try c.apply(inputs) * upstream).sum().backward()

        func lossValue(_ xs: [Tensor]) throws -> Double {
            let out = try GradMode.withoutRecording { try c.apply(xs) }
            return zip(out.storage, upstream.count == 1 ? Array(repeating: upstream.storage[0], count: out.count) : upstream.storage)
                .reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        for (i, x) in inputs.enumerated() where !c.constantInputs.contains(i) {
            let analytic = try #require(x.grad).storage
            var numeric = [Float](repeating: 0, count: x.count)
            for j in 0..<x.count {
                let h = 1e-3 * Swift.max(1, Swift.abs(x.storage[j]))
                let plus = c.inputs.map { $0.tensor(param: false) }
                let minus = c.inputs.map { $0.tensor(param: false) }
                plus[i].storage[j] += h
                minus[i].storage[j] -= h
                let dh = Double(plus[i].storage[j]) - Double(minus[i].storage[j])
                numeric[j] = Float((try lossValue(plus) - lossValue(minus)) / dh)
            }
            #expect(closeness(analytic, numeric, atol: 5e-3, rtol: 2e-2) <= 1,
                    "input \(i): autograd \(analytic.prefix(6)) vs numeric \(numeric.prefix(6))")
        }
    }

    @Test func gradientsAccumulateUntilZeroed() throws {
        let w = Tensor(shape: [2], storage: [1, 2], isParam: true)
        try (w * w).sum().backward()
        try (w * w).sum().backward()
        #expect(w.grad?.storage == [4, 8])
        w.zeroGrad()
        #expect(w.grad?.storage == [0, 0])
        try (w * w).sum().backward()
        #expect(w.grad?.storage == [2, 4])
    }

    @Test func sharedSubexpressionsSumTheirPaths() throws {
        // y = x·x + x: dy/dx = 2x + 1, reached through two paths.
        let x = Tensor(shape: [], storage: [3], isParam: true)
        try (try x * x + x).backward()
        #expect(x.grad?.storage == [7])
    }

    @Test func backwardNeedsAOneElementLossThatDependsOnAParam() {
        let w = Tensor(shape: [2], storage: [1, 2], isParam: true)
        #expect(throws: TensorError.self) { try (w * w).backward() }
        #expect(throws: TensorError.self) { try Tensor(scalar: 1).backward() }
    }

    @Test func nothingIsRecordedWithoutRecording() throws {
        let w = Tensor(shape: [2], storage: [1, 2], isParam: true)
        let y = try GradMode.withoutRecording { try w * w }
        #expect(y.node == nil && !y.requiresGrad)
    }

    @Test func longChainsDoNotOverflowTheStack() throws {
        let w = Tensor(shape: [], storage: [1], isParam: true)
        var y = w
        for _ in 0..<50_000 { y = try y + Tensor(scalar: 0) }
        try y.backward()
        #expect(w.grad?.storage == [1])
    }
}
