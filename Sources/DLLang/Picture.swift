import TextFormat
import DLTensor

/// `show(t)`: a tensor drawn as text, one shade character per pixel written
/// twice (a terminal cell is about twice as tall as it is wide, so two
/// columns per pixel keep the aspect ratio). Output is plain lines, so the
/// same picture appears in the plain REPL, in a notebook cell and in a test.
enum Picture {
    static let unicodeShades: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiShades: [Character] = Array(" .:-=+*#%@")
    /// A pixel whose value is NaN or infinite.
    static let notFinite: Character = "?"

    /// Caps that keep a huge tensor from printing megabytes.
    static let maxImages = 64
    static let maxImageRows = 48
    static let maxLines = 400

    /// The images of a tensor: [h, w] is one, [n, h, w] and [n, 1, h, w] are n.
    static func layout(_ shape: [Int]) throws -> (count: Int, h: Int, w: Int, grid: Bool) {
        let works = "show draws [h, w] as one image, and [n, h, w] or [n, 1, h, w] as a grid of n images"
        let found: (Int, Int, Int, Bool)
        switch shape.count {
        case 2: found = (1, shape[0], shape[1], false)
        case 3: found = (shape[0], shape[1], shape[2], true)
        case 4 where shape[1] == 1: found = (shape[0], shape[2], shape[3], true)
        case 4:
            throw RuntimeError("show: cannot draw a tensor of shape \(Shape.describe(shape)): it has \(shape[1]) channels",
                               help: works + "; draw one channel at a time, e.g. show(x[:, 0])")
        case 1:
            throw RuntimeError("show: cannot draw a tensor of shape \(Shape.describe(shape)) as a picture",
                               help: works + "; e.g. show(reshape(x, 1, \(shape[0])))")
        default:
            throw RuntimeError("show: cannot draw a tensor of shape \(Shape.describe(shape)) as a picture", help: works)
        }
        guard found.0 > 0, found.1 > 0, found.2 > 0 else {
            throw RuntimeError("show: a tensor of shape \(Shape.describe(shape)) has no pixels to draw", help: works)
        }
        return found
    }

    /// The lines that draw `t` in at most `width` columns, in shades.
    static func lines(_ t: Tensor, width: Int, unicode: Bool) throws -> [String] {
        try picture(t, width: width, unicode: unicode, diverging: false).text(colors: false)
    }

    /// The picture of `t` as cells. With `diverging`, an image holding both
    /// signs gives each pixel its level on the blue–white–orange palette
    /// (white at 0, the deepest colours at ± its largest |value|), and its
    /// legend shows the palette; the characters stay the shades.
    static func picture(_ t: Tensor, width: Int, unicode: Bool, diverging: Bool) throws -> ShadedPicture {
        let (n, h, w, grid) = try layout(t.shape)
        let shades = unicode ? unicodeShades : asciiShades
        let ramp = "[" + String(shades) + "]"
        let columns = Swift.max(width - 1, 8)
        // One factor for both axes keeps the aspect ratio.
        let acrossPixels = Swift.max(1, columns / 2)
        let factor = Swift.max(1, ceilDiv(w, acrossPixels), ceilDiv(h, maxImageRows))
        let shown = Swift.min(n, maxImages)
        let storage = t.storage
        var images: [Image] = []
        for i in 0..<shown {
            images.append(Image(storage[(i * h * w)..<((i + 1) * h * w)], h: h, w: w, factor: factor))
        }
        var notes: [String] = []
        if factor > 1 { notes.append("scaled down \(factor)\(unicode ? "×" : "x")") }
        if images.contains(where: \.hasNotFinite) { notes.append("NaN or infinity drawn \(notFinite)") }

        if !grid {
            let noteText = notes.map { "  (\($0))" }.joined()
            let image = images[0]
            var out = image.cells(shades, diverging: diverging)
            if diverging && image.signed {
                out.append(image.divergingLegend + ShadedPicture.text(noteText))
            } else {
                out.append(ShadedPicture.text(image.legend(ramp: ramp, shades: shades) + noteText))
            }
            return ShadedPicture(lines: out)
        }

        var labels = images.enumerated().map { i, image in "\(i): " + image.range }
        var cellWidth = Swift.max(images[0].w * 2, labels.map(\.count).max() ?? 0)
        let gap = 2
        var perRow = Swift.max(1, (columns + gap) / (cellWidth + gap))
        // A square number of images is a grid the learner laid out (25 codes
        // of a 5×5 latent walk): its rows stay whole, the images shrink (and
        // lose their ranges) to fit, down to 2 pixels across.
        let side = Int(Double(shown).squareRoot().rounded())
        var indexOnly = false
        if side > 1, side * side == n, n == shown, perRow < side {
            for f in factor...Swift.max(factor, w / 2) where ceilDiv(w, f) >= 2 || f == factor {
                let imageWidth = ceilDiv(w, f) * 2
                let full = Swift.max(imageWidth, labels.map(\.count).max() ?? 0)
                let short = Swift.max(imageWidth, String(shown - 1).count)
                let fitsFull = side * full + gap * (side - 1) <= columns
                guard fitsFull || side * short + gap * (side - 1) <= columns else { continue }
                if f != factor {
                    images = (0..<shown).map { i in Image(storage[(i * h * w)..<((i + 1) * h * w)], h: h, w: w, factor: f) }
                    notes = notes.filter { !$0.hasPrefix("scaled down") }
                    notes.insert("scaled down \(f)\(unicode ? "×" : "x")", at: 0)
                }
                indexOnly = !fitsFull
                cellWidth = fitsFull ? full : short
                perRow = side
                break
            }
        }
        if indexOnly { labels = (0..<shown).map { String($0) } }
        var out: [[ShadedPicture.Cell]] = []
        var drawn = 0
        while drawn < images.count {
            let row = Array(drawn..<Swift.min(drawn + perRow, images.count))
            guard out.count + 1 + images[0].h <= maxLines || drawn == 0 else { break }
            out.append(joined(row.map { ShadedPicture.text(labels[$0]) }, width: cellWidth, gap: gap))
            let drawnRows = row.map { images[$0].cells(shades, diverging: diverging) }
            for r in 0..<images[0].h { out.append(joined(drawnRows.map { $0[r] }, width: cellWidth, gap: gap)) }
            drawn += row.count
        }
        let noteText = notes.map { "  (\($0))" }.joined()
        let anySigned = diverging && images.contains(where: \.signed)
        var footer = "\(n) images \(Shape.describe([h, w])), each scaled from its min to its max: \(ramp)"
        if anySigned { footer = "\(n) images \(Shape.describe([h, w])), each scaled to its own range; signed ones from -max|v| to +max|v|: " }
        var tail = ""
        if indexOnly { tail += " (numbered; a wider window shows each one's range)" }
        if drawn < n { tail += "; only the first \(drawn) are drawn" }
        let footerCells = anySigned ? ShadedPicture.text(footer) + Diverging.swatches + ShadedPicture.text(tail + noteText)
                                    : ShadedPicture.text(footer + tail + noteText)
        return ShadedPicture(lines: out + [footerCells])
    }

    private static func joined(_ cells: [[ShadedPicture.Cell]], width: Int, gap: Int) -> [ShadedPicture.Cell] {
        var line: [ShadedPicture.Cell] = []
        for (i, c) in cells.enumerated() {
            if i > 0 { line += ShadedPicture.text(String(repeating: " ", count: gap)) }
            line += c + ShadedPicture.text(String(repeating: " ", count: Swift.max(0, width - c.count)))
        }
        while let last = line.last, last.character == " ", last.level == nil { line.removeLast() }
        return line
    }

    static func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

    /// One image, shrunk by `factor`, with the range of all its values.
    struct Image {
        let h: Int, w: Int
        let pixels: [Float]
        let lo: Float, hi: Float
        let hasNotFinite: Bool
        /// No finite value at all: nothing sets a range.
        var empty: Bool { lo > hi }

        init(_ values: ArraySlice<Float>, h sourceH: Int, w sourceW: Int, factor: Int) {
            var lo = Float.infinity, hi = -Float.infinity
            var bad = false
            for v in values { if v.isFinite { lo = Swift.min(lo, v); hi = Swift.max(hi, v) } else { bad = true } }
            self.lo = lo
            self.hi = hi
            hasNotFinite = bad
            h = ceilDiv(sourceH, factor)
            w = ceilDiv(sourceW, factor)
            let base = values.startIndex
            var out = [Float](repeating: .nan, count: h * w)
            // Each drawn pixel is the mean of its factor×factor block, so thin
            // lines and one-pixel features (a causal mask's diagonal) stay visible
            // as lighter shades instead of vanishing between sampled pixels. The
            // legend keeps the range of the values themselves.
            for y in 0..<h {
                for x in 0..<w {
                    var sum: Float = 0, count = 0, bad = false
                    for sy in (y * factor)..<Swift.min((y + 1) * factor, sourceH) {
                        for sx in (x * factor)..<Swift.min((x + 1) * factor, sourceW) {
                            let v = values[base + sy * sourceW + sx]
                            if v.isFinite { sum += v; count += 1 } else { bad = true }
                        }
                    }
                    out[y * w + x] = bad || count == 0 ? .nan : sum / Float(count)
                }
            }
            pixels = out
        }

        func shade(_ v: Float, _ shades: [Character]) -> Character {
            guard v.isFinite else { return notFinite }
            // A constant image has no range: the middle shade shows where it is.
            guard hi > lo else { return shades[shades.count / 2] }
            let level = Int(((v - lo) / (hi - lo) * Float(shades.count)).rounded(.down))
            return shades[Swift.max(0, Swift.min(shades.count - 1, level))]
        }

        /// Both signs: drawn on the diverging palette when colour is on.
        var signed: Bool { !empty && lo < 0 && hi > 0 }

        func cells(_ shades: [Character], diverging: Bool) -> [[ShadedPicture.Cell]] {
            let scale = Swift.max(Swift.abs(lo), Swift.abs(hi))
            let colored = diverging && signed
            return (0..<h).map { y in
                var line: [ShadedPicture.Cell] = []
                for x in 0..<w {
                    let v = pixels[y * w + x]
                    let cell = ShadedPicture.Cell(shade(v, shades), level: colored ? Diverging.level(v, scale: scale) : nil)
                    line.append(cell)
                    line.append(cell)
                }
                while let last = line.last, last.character == " ", last.level == nil { line.removeLast() }
                return line
            }
        }

        var divergingLegend: [ShadedPicture.Cell] {
            let m = Swift.max(Swift.abs(lo), Swift.abs(hi))
            return ShadedPicture.text("\(number(-m)) ") + Diverging.swatches + ShadedPicture.text(" \(number(m))  (0 white; values \(range))")
        }

        var range: String {
            if empty { return "no finite values" }
            if hi == lo { return "all \(number(lo))" }
            return "\(number(lo))..\(number(hi))"
        }

        func legend(ramp: String, shades: [Character]) -> String {
            if empty { return "no finite values" }
            if hi == lo { return "all \(number(lo)) (constant, drawn \(shades[shades.count / 2]))" }
            return "\(number(lo)) \(ramp) \(number(hi))"
        }

        func number(_ v: Float) -> String { NumberFormat.readable(Double(v), significant: 3) }
    }
}
