import Testing
import DLLang
import DLTerminal
@testable import DLApp

/// The backward-pass stepper and the graph tree, as the screen draws them.
@Suite struct InspectorTests {
    final class Capture: FrontEnd {
        var presentation: BackpropPresentation?
        var tree: [String] = []
        func receive(_ event: SessionEvent) {
            switch event {
            case .backprop(let p): presentation = p
            case .graph(let t): tree = t
            default: break
            }
        }
        static var traits: OutputTraits { var t = OutputTraits(); t.opensSteppers = true; return t }
    }

    static func presentation() -> BackpropPresentation {
        let sink = Capture()
        Session(sink, traits: Capture.traits).run(SourceText(name: "<t>", text: """
            seed(0)
            model net { input(2); dense(2); tanh(); dense(1); sigmoid() }
            backprop(net, tensor([[0.5, -1]]), tensor([1]), loss: "bce")
            """), echo: false)
        return sink.presentation!
    }

    func state(step: Int, expanded: Bool = false) -> AppState {
        var s = AppState()
        s.inspector = .backprop(Self.presentation(), step: step, expanded: expanded)
        return s
    }

    @Test func firstMiddleAndLastStep() throws {
        let p = Self.presentation()
        #expect(p.steps.count == 4)
        try ViewTests().check("backprop-first", state(step: 0), 120, 30)
        try ViewTests().check("backprop-middle", state(step: 2), 120, 30)
        try ViewTests().check("backprop-last", state(step: 3, expanded: true), 120, 30)
    }

    /// At 80×24 a dense layer's step is taller than its box: it shows its
    /// start (forward, upstream, local), and expanded, its end.
    @Test func aStepTallerThanItsBoxShowsItsStart() {
        let folded = ViewTests.text(state(step: 1), 80, 24)
        #expect(folded.contains("forward   #5 tanh") && folded.contains("local     ∂L/∂X"))
        let expanded = ViewTests.text(state(step: 1, expanded: true), 80, 24)
        #expect(expanded.contains("to #7 layers[2].bias") && !expanded.contains("forward   #5 tanh"))
    }

    @Test func keysStepAndLeave() {
        let worker = Worker()
        let core = AppCore(worker: worker, notebookPath: nil, autosavePath: nil)
        core.receive(.backprop(Self.presentation()))
        core.inspectorKey(.char("n")); core.inspectorKey(.right); core.inspectorKey(.left)
        guard case .backprop(_, let step, let expanded)? = core.state.inspector else { Issue.record("closed"); return }
        #expect(step == 1 && !expanded)
        core.inspectorKey(.enter)
        if case .backprop(_, _, let e)? = core.state.inspector { #expect(e) }
        for _ in 0..<20 { core.inspectorKey(.char("n")) }
        if case .backprop(_, let s, _)? = core.state.inspector { #expect(s == 3) }
        core.inspectorKey(.char("q"))
        #expect(core.state.inspector == nil)
    }

    @Test func graphOpensAsATree() {
        let sink = Capture()
        Session(sink, traits: Capture.traits).run(SourceText(name: "<t>", text: "w = param(tensor([1, 2])); graph(sum(w * w + w))"), echo: false)
        #expect(sink.tree.count == 6)
        #expect(sink.tree[0].hasPrefix("#4 sum") && sink.tree[1].hasPrefix("  #3 add") && sink.tree[2].hasPrefix("    #2 mul"))
        #expect(sink.tree[3].hasPrefix("      #1 param  [2]  value [1, 2]"))
        #expect(sink.tree[4] == "      #1 param (shown above)" && sink.tree[5] == "    #1 param (shown above)")
        var s = AppState()
        var outline = GraphOutline(sink.tree)
        #expect(outline.folded.isEmpty && outline.visible.count == 6)
        outline.move(1)
        s.inspector = .graph(outline)
        let screen = ViewTests.text(s, 80, 16)
        #expect(screen.contains("graph · 4 nodes") && screen.contains("↑ ↓ move · Enter fold · q leave"))
    }

    /// A model's graph names the layer of each node and opens folded at the
    /// layers, one line each; Enter unfolds the one under the cursor.
    @Test func aModelsGraphFoldsAtItsLayers() throws {
        let sink = Capture()
        let program = """
        model m { input(4); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(8); tanh(); dense(1) }
        graph(sum(m(ones(3, 4))))
        """
        Session(sink, traits: Capture.traits).run(SourceText(name: "<t>", text: program), echo: false)
        #expect(sink.tree.count > GraphOutline.foldAbove)
        #expect(sink.tree.contains { $0.contains("· layers[32] dense") } && sink.tree.contains { $0.contains("· layers[1] tanh") })
        var outline = GraphOutline(sink.tree)
        let folded = outline.visible
        #expect(folded.count == 2, "the sum, then the last layer folded: \(folded.map { sink.tree[$0] })")
        #expect(outline.hiddenCount(folded[1]) == sink.tree.count - 2)
        outline.move(1)
        outline.toggle()
        #expect(outline.visible.count > 2 && outline.visible.count < sink.tree.count)
        outline.toggle()
        #expect(outline.visible == folded)
        var s = AppState()
        s.inspector = .graph(outline)
        #expect(ViewTests.text(s, 100, 20).contains("▸ #68 linear"))
    }
}
