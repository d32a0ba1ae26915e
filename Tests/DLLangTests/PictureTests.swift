import Testing
import DLTensor
@testable import DLLang

/// show(t): ASCII where the locale is not UTF-8, the output width, and caps
/// that keep a huge tensor from printing megabytes.
@Suite struct PictureTests {
    func shown(_ code: String, columns: Int = 100, unicode: Bool = true) -> [String] {
        let out = CapturedOutput(columns: columns, unicode: unicode)
        let session = Session(output: out)
        session.run(SourceText(name: "<t>", text: code), echo: false)
        return out.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func asciiShadesWithoutUTF8() {
        #expect(shown("show(reshape(arange(10), 1, 10))", unicode: false) == [
            "  ..::--==++**##%%@@",
            "0 [ .:-=+*#%@] 9",
        ])
        let big = shown("show(reshape(arange(200), 2, 100))", unicode: false)
        #expect(big.last == "0 [ .:-=+*#%@] 199  (scaled down 3x)")
        let ascii = big.joined().allSatisfy { $0.isASCII }
        #expect(ascii)
    }

    @Test func gridWrapsToTheOutputWidth() {
        let lines = shown("show(randn(6, 3, 4))", columns: 40)
        // The pictures fit; the footer is prose, which the screen wraps.
        #expect(lines.dropLast().allSatisfy { $0.count <= 39 }, "\(lines)")
        // Labels like "0: -1.23..1.45" set the cell width: two images a row, three rows.
        #expect(lines.count == 3 * 4 + 1)
        #expect(lines.last == "6 images [3, 4], each scaled from its min to its max: [ ░▒▓█]")
    }

    @Test func hugeTensorsAreCapped() {
        let one = shown("show(zeros(4000, 4000) + arange(4000))")
        #expect(one.count <= Picture.maxImageRows + 1)
        #expect(one.allSatisfy { $0.count <= 99 })
        #expect(one.last?.hasSuffix("(scaled down 84×)") == true, "\(one.last ?? "")")
        let many = shown("show(randn(1000, 28, 28))")
        #expect(many.count <= Picture.maxLines + 1)
        #expect(many.last?.hasPrefix("1000 images [28, 28], each scaled from its min to its max: [ ░▒▓█]; only the first") == true)
    }

    @Test func constantAndNonFiniteImagesDoNotDivideByZero() {
        #expect(shown("show(zeros(1, 2))") == ["▒▒▒▒", "all 0 (constant, drawn ▒)"])
        #expect(shown("show(log(zeros(1, 2)))") == ["????", "no finite values  (NaN or infinity drawn ?)"])
    }

    /// A 5×5 grid (25 codes of a latent walk) keeps 5 images a row in a
    /// notebook cell of an 80-column screen: the images shrink, by averaging.
    @Test func aSquareGridKeepsItsRows() {
        let lines = shown("show(reshape(arange(25 * 64), 25, 8, 8))", columns: 73)
        #expect(lines.dropLast().allSatisfy { $0.count <= 72 }, "\(lines)")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["0", "1", "2", "3", "4"], "\(lines)")
        // Five rows of a label line and four pixel rows each.
        #expect(lines.count == 5 * (1 + 4) + 1, "\(lines.joined(separator: "\n"))")
        #expect(lines.last?.contains("(scaled down 2×)") == true && lines.last?.contains("numbered") == true, "\(lines.last ?? "")")
        // Wide enough, the ranges come back at full size.
        let wide = shown("show(reshape(arange(25 * 64), 25, 8, 8))", columns: 100)
        #expect(wide.first?.hasPrefix("0: 0..63") == true && !(wide.last ?? "").contains("scaled down"))
        #expect(wide.count == 5 * (1 + 8) + 1)
    }

    /// Shrinking averages each block: a one-pixel line stays visible
    /// (sampling the middle of each 2×2 block would miss it entirely).
    @Test func shrinkingAveragesBlocks() {
        let lines = shown("x = zeros(96, 96)\nfor i in range(96) { x[i, 0] = 1 }\nshow(x)", columns: 101)
        #expect(lines.last == "0 [ ░▒▓█] 1  (scaled down 2×)", "\(lines.last ?? "")")
        let rows = lines.dropLast()
        #expect(rows.count == 48)
        // Every drawn row starts with the line's block: its mean 0.5 is shaded ▒.
        #expect(rows.allSatisfy { $0.hasPrefix("▒▒") }, "\(rows.joined(separator: "\n"))")
    }
}
