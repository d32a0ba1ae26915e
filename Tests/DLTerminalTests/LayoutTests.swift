import Testing
@testable import DLTerminal

@Suite struct LayoutTests {
    let rect = Rect(x: 0, y: 0, width: 100, height: 10)

    func widths(_ rects: [Rect]) -> [Int] { rects.map(\.width) }

    @Test func fixedThenFillsByWeightRemainderToLastFill() {
        let parts = Layout.split(rect, .horizontal, [.fixed(20), .fill(1), .fill(2)])
        #expect(widths(parts) == [20, 26, 54])
        #expect(parts.map(\.x) == [0, 20, 46])
        #expect(parts.allSatisfy { $0.y == 0 && $0.height == 10 })
    }

    @Test func ratioIsOfTheWhole() {
        #expect(widths(Layout.split(rect, .horizontal, [.fill(1), .ratio(1, 4)])) == [75, 25])
        #expect(widths(Layout.split(rect, .horizontal, [.fixed(50), .ratio(1, 4), .fill(1)])) == [50, 25, 25])
    }

    @Test func minIsAtLeastThenGrowsLikeAFill() {
        #expect(widths(Layout.split(rect, .horizontal, [.min(30), .fill(1)])) == [65, 35])
        #expect(widths(Layout.split(Rect(x: 0, y: 0, width: 40, height: 1), .horizontal, [.min(30), .fill(3)])) == [32, 8])
        #expect(widths(Layout.split(rect, .horizontal, [.min(200)])) == [100])
    }

    @Test func neverExceedsTheRect() {
        #expect(widths(Layout.split(rect, .horizontal, [.fixed(60), .fixed(60), .fill(1)])) == [60, 40, 0])
        #expect(widths(Layout.split(rect, .horizontal, [.ratio(3, 4), .ratio(3, 4)])) == [75, 25])
        #expect(widths(Layout.split(rect, .horizontal, [.fixed(10)])) == [10])   // no fill: rest unused
        #expect(widths(Layout.split(rect, .horizontal, [.fixed(-5), .ratio(1, 0), .fill(1)])) == [0, 0, 100])
        var rng = TestRNG(state: 7)
        for _ in 0..<500 {
            let total = Int.random(in: 0...300, using: &rng)
            let constraints: [Constraint] = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: .fixed(Int.random(in: 0...120, using: &rng))
                case 1: .fill(Int.random(in: 0...3, using: &rng))
                case 2: .ratio(Int.random(in: 0...4, using: &rng), Int.random(in: 1...4, using: &rng))
                default: .min(Int.random(in: 0...120, using: &rng))
                }
            }
            let parts = Layout.split(Rect(x: 3, y: 0, width: total, height: 1), .horizontal, constraints)
            let sum = parts.reduce(0) { $0 + $1.width }
            #expect(sum <= total)
            let grows = constraints.contains { if case .fill = $0 { true } else if case .min = $0 { true } else { false } }
            if grows { #expect(sum == total) }
            var x = 3
            for part in parts { #expect(part.x == x); x += part.width }
        }
    }

    @Test func verticalSplitKeepsOrigin() {
        let parts = Layout.split(Rect(x: 5, y: 3, width: 10, height: 10), .vertical, [.fixed(3), .fill(1)])
        #expect(parts == [Rect(x: 5, y: 3, width: 10, height: 3), Rect(x: 5, y: 6, width: 10, height: 7)])
    }
}
