// framebench: renders a full 200×60 notebook frame like dlrepl's training
// screen and diffs it against the previous frame (whose loss curve is one
// point shorter), reporting the median time per frame over 200 iterations.
//
//   swift run -c release framebench           # timing
//   swift run -c release framebench --show    # print one frame (ASCII too with --ascii)
import DLTerminal
import TextFormat

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Everything a frame shows, made once; frames differ only in how many loss points they show.
struct Scene {
    let glyphs: Glyphs
    let notebook: [StyledLine]
    let train: [Double]
    let validation: [Double]
    let tableRows: [[String]]
    let heat: [Float]
    let points: [HeatPoint]

    init(glyphs: Glyphs) {
        self.glyphs = glyphs
        var rng = SplitMix64(state: 42)
        let words = ["tensor", "dense(16)", "relu()", "fit", "epoch", "loss", "0.081", "accuracy", "gradient",
                     "model", "dataset(\"moons\")", "batch: 32", "adam(lr: 0.01)", "→", "[400, 2]", "softmax", "ok"]
        var lines: [StyledLine] = []
        for i in 0..<50 {
            let n = Int.random(in: 2...30, using: &rng)
            let text = (0..<n).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            if i % 3 == 0 {
                lines.append(StyledLine(spans: [("[\(i / 3)] ", Style(.accent)), (text, .normal)]))
            } else {
                lines.append(StyledLine("    " + text, i % 7 == 0 ? Style(.error) : Style(.dim)))
            }
        }
        notebook = lines
        let total = 300 + 201
        train = (0..<total).map { e in 0.7 * Double.exponential(-Double(e) / 60) + 0.02 + Double.random(in: 0...0.01, using: &rng) }
        validation = (0..<total).map { e in 0.72 * Double.exponential(-Double(e) / 70) + 0.05 + Double.random(in: 0...0.02, using: &rng) }
        tableRows = (0..<10).map { i in
            ["\(i)", ["dense", "tanh", "relu", "dropout"][i % 4], "[\(16 << (i % 3))]", "\(48 * (i + 1))",
             NumberFormat.compact(Double(i) * 0.37 + 0.1), NumberFormat.compact(0.041 / Double(i + 1)), "1e-3"]
        }
        var heat: [Float] = []
        for r in 0..<40 {
            for c in 0..<60 {
                let x = Float(c) / 59 * 2 - 1, y = 1 - Float(r) / 39 * 2
                heat.append(1 / (1 + Float.exponential(-(y - 0.5 * x * x + 0.3 * x) * 6)))
            }
        }
        self.heat = heat
        points = (0..<400).map { _ in
            let x = Float.random(in: 0...1, using: &rng), y = Float.random(in: 0...1, using: &rng)
            let fx = x * 2 - 1, fy = y * 2 - 1
            return HeatPoint(x: x, y: y, cls: fy - 0.5 * fx * fx + 0.3 * fx > 0 ? 1 : 0)
        }
    }

    func frame(lossPoints: Int) -> Buffer {
        var buffer = Buffer(width: 200, height: 60)
        let g = glyphs
        let rows = Layout.split(buffer.area, .vertical, [.fill(1), .fixed(1)])
        let columns = Layout.split(rows[0], .horizontal, [.ratio(9, 20), .fill(1)])

        let notebookBox = Box(title: "dlrepl · notebook", glyphs: g)
        notebookBox.render(columns[0], &buffer)
        let inside = notebookBox.inner(columns[0])
        let parts = Layout.split(inside, .vertical, [.fill(1), .fixed(1)])
        Paragraph(lines: notebook).render(parts[0].inset(0), &buffer)
        ProgressBar(fraction: Double(lossPoints) / 600, glyphs: g).render(parts[1], &buffer)

        let right = Layout.split(columns[1], .vertical, [.fill(1), .fixed(12), .fixed(22)])
        let chartBox = Box(title: "loss", glyphs: g)
        chartBox.render(right[0], &buffer)
        LineChart(series: [
            ChartSeries(name: "train", values: Array(train.prefix(lossPoints)), style: Style(.train)),
            ChartSeries(name: "val", values: Array(validation.prefix(lossPoints)), style: Style(.validation), dashed: true),
        ], xLabel: "epoch", glyphs: g).render(chartBox.inner(right[0]), &buffer)

        let tableBox = Box(title: "model m", glyphs: g)
        tableBox.render(right[1], &buffer)
        Table(header: ["#", "layer", "out", "params", "|W|", "|∇W|", "upd/W"], rows: tableRows,
              alignments: [.right, .left, .left, .right, .right, .right, .right], glyphs: g)
            .render(tableBox.inner(right[1]), &buffer)

        let heatSplit = Layout.split(right[2], .horizontal, [.fixed(62), .fill(1)])
        let heatBox = Box(title: "decision boundary", glyphs: g)
        heatBox.render(heatSplit[0], &buffer)
        Heatmap(columns: 60, rows: 40, values: heat, points: points, glyphs: g).render(heatBox.inner(heatSplit[0]), &buffer)

        StatusBar(items: ["space pause", "esc stop", "F1 help", "PgUp/PgDn scroll", "epoch \(lossPoints)/600",
                          "loss \(NumberFormat.compact(train[lossPoints - 1]))"], glyphs: g).render(rows[1], &buffer)
        return buffer
    }
}

extension Double {
    static func exponential(_ x: Double) -> Double {
        // e^x by squaring a short series: enough for test data, and no Foundation.
        var y = 1 + x / 1024
        for _ in 0..<10 { y *= y }
        return y
    }
}

extension Float {
    static func exponential(_ x: Float) -> Float { Float(Double.exponential(Double(x))) }
}

let arguments = CommandLine.arguments
let scene = Scene(glyphs: arguments.contains("--ascii") ? .ascii : .unicode)
if arguments.contains("--show") {
    for line in scene.frame(lossPoints: 300).lines() { print(line) }
} else {
    let clock = ContinuousClock()
    var previous = scene.frame(lossPoints: 299)
    var times: [Double] = []
    var written = 0
    for i in 0..<200 {
        let points = 300 + (i % 200)
        var frame = Buffer(width: 1, height: 1)
        var changes: [Change] = []
        let elapsed = clock.measure {
            frame = scene.frame(lossPoints: points)
            changes = FrameDiff.changes(from: previous, to: frame)
        }
        written += changes.count
        previous = frame
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    times.sort()
    let median = times[times.count / 2]
    print("framebench 200×60: median \(NumberFormat.fixed(median, decimals: 3)) ms/frame (render + diff), "
        + "min \(NumberFormat.fixed(times[0], decimals: 3)), max \(NumberFormat.fixed(times[times.count - 1], decimals: 3)); "
        + "\(written / times.count) runs/frame")
}
