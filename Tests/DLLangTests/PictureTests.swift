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
}
