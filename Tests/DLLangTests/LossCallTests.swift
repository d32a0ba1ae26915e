import Testing
import DLLang

/// The loss calls against central differences, through the learner's own
/// `gradcheck`, on inputs where each loss is smooth (no clamped probability,
/// no |pred − y| at 0).
@Suite struct LossCallTests {
    static let cases: [(name: String, setup: String)] = [
        ("mse", "w = param(tensor([[0.5], [-1], [2]])); y = tensor([1, -2, 2.5]); fn f() { return mse(w * 2, y) }"),
        ("mae", "w = param(tensor([0.5, -1, 2, 3.5])); y = tensor([1, -2, 2.5, 0]); fn f() { return mae(w, y) }"),
        ("bce", "w = param(tensor([0.9, 0.2, 0.6, 0.05])); y = tensor([1, 0, 1, 1]); fn f() { return bce(w, y) }"),
        ("bce_logits", "w = param(tensor([2.2, -1.4, 0.3, -3])); y = tensor([1, 0, 1, 1]); fn f() { return bce_logits(w, y) }"),
        ("crossentropy", "w = param(tensor([[2, 0.5, -1], [0, 1, 0], [-0.5, 0.25, 3]])); y = tensor([0, 2, 1]); fn f() { return crossentropy(w, y) }"),
        ("crossentropy [batch, time, classes]",
         "w = param(tensor([[[2, 0.5, -1], [0, 1, 0]], [[1, 1, 1], [3, -2, 0.5]]])); y = tensor([[0, 2], [1, 0]]); fn f() { return crossentropy(w, y) }"),
        ("bce through a sigmoid", "w = param(tensor([1.5, -0.5, 0.2])); y = tensor([1, 0, 0]); fn f() { return bce(sigmoid(w), y) }"),
    ]

    @Test(arguments: cases.indices)
    func autogradMatchesFiniteDifferences(_ i: Int) throws {
        let c = Self.cases[i]
        let out = CapturedOutput()
        let session = Session(output: out)
        #expect(session.run(SourceText(name: "<test>", text: c.setup + "\nr = gradcheck(f, [w])"), echo: false), "\(c.name): \(out.errors)")
        let passed = try session.evaluate(SourceText(name: "<test>", text: "r.passed"))
        #expect(session.isTrue(passed), "\(c.name): \(out.text)")
        // The gradient is not trivially zero, so the check compared something.
        let norm = try session.evaluate(SourceText(name: "<test>", text: "item(sum(abs(w.grad)))"))
        guard case .number(let n) = norm else { Issue.record("\(c.name): no gradient"); return }
        #expect(n > 0.01, "\(c.name)")
    }

    /// Probabilities of exactly 0 or 1 give a finite loss and gradient, not inf or NaN.
    @Test func bceOfCertainProbabilitiesStaysFinite() throws {
        let session = Session(output: CapturedOutput())
        #expect(session.run(SourceText(name: "<test>", text: "w = param(tensor([0, 1])); l = bce(w, tensor([1, 0])); backward(l)"), echo: false))
        let loss = try session.evaluate(SourceText(name: "<test>", text: "item(l)"))
        let grad = try session.evaluate(SourceText(name: "<test>", text: "item(sum(abs(w.grad)))"))
        guard case .number(let l) = loss, case .number(let g) = grad else { Issue.record("not numbers"); return }
        // −log(1e-7) ≈ 16.1: the clamp's bound, in float32.
        #expect(l.isFinite && l > 15 && l < 17)
        #expect(g.isFinite && g > 1e5)
    }
}
