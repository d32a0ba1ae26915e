import Testing
@testable import DLTensor

/// The learner's gradcheck, and the recorded backward pass.
@Suite struct GradCheckToolTests {
    /// A test-only op with a deliberately wrong derivative: y = x², backward g·x (the 2 is missing).
    static let wrongSquare = Op(name: "wrong_square", formula: "d(x²)/dx = x  (wrong on purpose)")
    func wrongSquare(_ x: Tensor) -> Tensor {
        Tensor.result(x.shape, x.storage.map { $0 * $0 }, op: Self.wrongSquare, parents: [x]) { g, inputs in
            [zip(g, inputs[0].storage).map { $0 * $1 }]
        }
    }

    @Test func gradcheckFlagsAWrongDerivative() throws {
        let w = Tensor(shape: [3], storage: [0.5, -1, 2], isParam: true)
        let reports = try GradCheck.check(params: [w]) { try wrongSquare(w).sum() }
        #expect(reports.count == 1 && !reports[0].passed)
        #expect(reports[0].maxAbsoluteError > 0.4)
    }

    @Test func gradcheckPassesCorrectOps() throws {
        let w = Tensor(shape: [2, 3], storage: [0.5, -1, 2, 0.1, 0.3, -0.7], isParam: true)
        let b = Tensor(shape: [3], storage: [0.1, 0.2, 0.3], isParam: true)
        let x = Tensor(shape: [4, 2], storage: [1, 2, -1, 0.5, 0.3, 0.3, 2, -2])
        let reports = try GradCheck.check(params: [w, b]) { try (try x.matmul(w) + b).tanh().softmax().log().mean() }
        #expect(reports.map(\.passed) == [true, true])
        #expect(reports.allSatisfy { $0.maxAbsoluteError < 2e-3 })
    }

    @Test func traceVisitsEveryNodeOnceAndMatchesBackward() throws {
        let w = Tensor(shape: [2], storage: [0.5, -1], isParam: true)
        let x = Tensor(shape: [2], storage: [3, 4])
        let loss = try (try (w * x).sigmoid() * w).sum()
        let steps = try loss.backwardTrace()
        #expect(steps.map(\.op.name) == ["sum", "mul", "sigmoid", "mul"])
        #expect(steps[0].upstream == [1])
        let traced = w.grad!.storage
        w.zeroGrad()
        try loss.backward()
        #expect(w.grad!.storage == traced)
    }
}
