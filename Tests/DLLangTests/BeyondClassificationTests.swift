import Testing
import DLTensor
@testable import DLLang

/// The builtins part 7 of the course stands on: scatter, choice, the
/// gridworld and the karate-club graph, with their errors.
@Suite struct BeyondClassificationTests {
    func run(_ code: String, columns: Int = 100, unicode: Bool = true) -> (lines: [String], errors: String) {
        let out = CapturedOutput(columns: columns, unicode: unicode)
        let session = Session(output: out)
        session.run(SourceText(name: "<t>", text: code), echo: false)
        return (out.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), out.errors)
    }

    @Test func scatterPlacesPointsInAFixedFrame() {
        let r = run("scatter(tensor([[-1, -1], [0.99, 0.99]]), tensor([[5, 5]]), names: [\"a\", \"b\"], range: 1)", columns: 40)
        #expect(r.errors.isEmpty, "\(r.errors)")
        let frame = r.lines.filter { $0.contains("│") }
        // [-1, -1] is the bottom-left cell, [0.99, 0.99] the top-right one.
        #expect(frame.last?.hasSuffix("│·" + String(repeating: " ", count: 29) + "│") == true, "\(r.lines)")
        #expect(frame.first?.hasSuffix("·│") == true, "\(r.lines)")
        #expect(r.lines.last == "· a (2)   • b (1)   1 outside the frame")
        let ascii = run("scatter(tensor([[0, 0], [1, 1]]))", unicode: false)
        let allASCII = ascii.lines.joined().allSatisfy { $0.isASCII }
        #expect(allASCII)
        #expect(ascii.lines.last == ". set 1 (2)")
    }

    @Test func scatterRefusesWhatIsNotPoints() {
        #expect(run("scatter(zeros(3, 3))").errors.contains("set 1 has shape [3, 3]; each set is [n, 2]"))
        #expect(run("scatter(zeros(3, 2), range: -1)").errors.contains("range must be a positive number"))
        #expect(run("scatter(log(zeros(2, 2)) * 0)").errors.contains("no point has finite coordinates"))
        #expect(run("scatter(zeros(2, 2), names: [1])").errors.contains("names must be a list of strings"))
    }

    @Test func choiceDrawsWithTheGivenProbabilities() {
        let r = run("""
        seed(3)
        p = tensor([0.2, 0, 0.5, 0.3])
        counts = zeros(4)
        for i in range(4000) { k = choice(p); counts[k] = counts[k] + 1 }
        print(counts / 4000)
        print(choice(tensor([[0, 1], [1, 0], [0, 5]])))
        """)
        #expect(r.errors.isEmpty, "\(r.errors)")
        let freq = r.lines[0].dropFirst().dropLast().split(separator: ",").compactMap { Double($0.trimmingSpaces) }
        #expect(freq.count == 4)
        for (f, p) in zip(freq, [0.2, 0, 0.5, 0.3]) { #expect(abs(f - p) < 0.03, "\(freq)") }
        #expect(freq[1] == 0)
        #expect(r.lines[1] == "[1, 0, 1]")
        // The same seed, the same draws.
        #expect(run("seed(1); print(choice(tensor([1, 1, 1, 1])), choice(tensor([1, 1, 1, 1])))").lines
                == run("seed(1); print(choice(tensor([1, 1, 1, 1])), choice(tensor([1, 1, 1, 1])))").lines)
    }

    @Test func choiceRefusesImpossibleProbabilities() {
        #expect(run("choice(tensor([0, 0]))").errors.contains("not all 0"))
        #expect(run("choice(tensor([0.5, -0.1]))").errors.contains("0 or more"))
        #expect(run("choice(tensor([[1, 0], [0, 0]]))").errors.contains("in row 1"))
        #expect(run("choice(zeros(2, 2, 2))").errors.contains("must be 1-D"))
    }

    @Test func gridworldFollowsItsRules() {
        let r = run("""
        env = gridworld()
        print(env.states, env.actions, env.optimal, env.max_steps)
        s = reset(env)
        t = step(env, 0)
        print(env.position, t.reward, t.done)
        for a in [1, 1, 1, 1, 2, 2, 2, 2] { t = step(env, a) }
        print(env.position, t.reward, t.done, env.steps)
        s = reset(env)
        for a in [1, 1, 1, 2] { t = step(env, a) }
        print(env.position, t.reward, t.done)
        show(env)
        """)
        #expect(r.errors.isEmpty, "\(r.errors)")
        #expect(r.lines[0] == "25 4 8 100")
        #expect(r.lines[1] == "0 -0.01 false")          // up from the corner: the edge holds it
        #expect(r.lines[2] == "24 1 true 9")            // along the top and down the right side
        #expect(r.lines[3] == "8 -1 true")              // into the pit at row 1, column 3
        #expect(r.lines[4...8] == ["S . . . .", ". # # A .", ". . . # .", ". . . . .", ". . . # G"])
        #expect(r.lines[9] == "step 4, episode over")
    }

    @Test func gridworldRefusesBadMapsAndMoves() {
        #expect(run("step(gridworld(), 4)").errors.contains("actions are 0 (up), 1 (right), 2 (down) and 3 (left), got 4"))
        #expect(run("env = gridworld(map: [\"SG\"]); step(env, 1); step(env, 1)").errors.contains("the episode is over"))
        #expect(run("gridworld(map: [\"S.\", \"G\"])").errors.contains("every row of the map must have 2 cells"))
        #expect(run("gridworld(map: [\"S#G\"])").errors.contains("no path leads from S to G"))
        #expect(run("gridworld(map: [\"S.q\"])").errors.contains("'q' is not a cell"))
        #expect(run("gridworld(map: [\"S..\"])").errors.contains("exactly one S (start) and one G (goal)"))
        #expect(run("gridworld(max_steps: 0)").errors.contains("max_steps must be between 1 and 10000"))
        #expect(run("reset(3)").errors.contains("reset: expected an environment"))
        #expect(run("show(gridworld(), policy: zeros(3))").errors.contains("one action (0 to 3) per cell, 25 in all"))
    }

    @Test func policyArrowsShowOneActionPerCell() {
        let r = run("show(gridworld(map: [\"S.\", \".G\"]), policy: tensor([1, 2, 0, 3]))", unicode: false)
        #expect(r.lines == ["> v", "^ G"])
    }

    @Test func karateClubIsTheGraphOfThePaper() {
        let r = run("""
        club = dataset("karate_club")
        print(type(club), club.size, club.edges.shape, sum(club.adjacency), sum(club.y), club.classes)
        print(item(max(abs(club.adjacency - club.adjacency.T))), sum(club.adjacency[0]), sum(club.adjacency[33]))
        show(club)
        show(club, colors: 1 - club.y)
        """)
        #expect(r.errors.isEmpty, "\(r.errors)")
        #expect(r.lines[0] == "graph 34 [78, 2] 156 17 [\"Mr. Hi\", \"Officer\"]")
        #expect(r.lines[1] == "0 16 17")
        #expect(r.lines.contains("● Mr. Hi (17)   ○ Officer (17)   34 nodes, 78 edges"))
        #expect(r.lines.last?.hasPrefix("34 of 34 nodes differ from their true class: 0, 1, 2") == true)
        // Every node is drawn once, with its number.
        let drawn = r.lines.prefix(while: { !$0.hasPrefix("●") }).joined(separator: " ")
        for n in [0, 8, 16, 33] { #expect(drawn.contains("●\(n)") || drawn.contains("○\(n)"), "node \(n)") }
    }

    @Test func graphColorsAreChecked() {
        #expect(run("show(dataset(\"karate_club\"), colors: zeros(3))").errors.contains("colors has 3 entries for a graph of 34 nodes"))
        #expect(run("show(dataset(\"karate_club\"), colors: zeros(34) + 0.5)").errors.contains("whole-number classes"))
        #expect(run("show(zeros(2, 2), colors: zeros(2))").errors.contains("colors: is for graphs"))
    }
}
