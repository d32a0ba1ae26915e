import TextFormat
import Testing
import DLTensor

@Suite struct FormatTests {
    @Test func integralTensorsPrintAsIntegers() {
        #expect(Tensor(shape: [2, 2], storage: [1, 2, 3, 4]).formatted() == "[[1, 2],\n [3, 4]]")
        #expect(Tensor(shape: [3], storage: [-1, 10, 0]).formatted() == "[-1, 10,  0]")
    }

    @Test func fractionalTensorsUseFourDigits() {
        #expect(Tensor(shape: [2], storage: [0.5, -1.25]).formatted() == "[ 0.5000, -1.2500]")
        #expect(Tensor(shape: [1], storage: [1.0 / 3]).formatted(digits: 8) == "[0.33333334]")
    }

    @Test func rankThreeSeparatesBlocksWithABlankLine() {
        let t = Tensor(shape: [2, 1, 2], storage: [1, 2, 3, 4])
        #expect(t.formatted() == "[[[1, 2]],\n\n [[3, 4]]]")
    }

    @Test func rankZeroPrintsLikeANumber() {
        #expect(Tensor(scalar: 0.1).formatted() == "0.1")
        #expect(Tensor(scalar: 3).formatted() == "3")
    }

    @Test func largeTensorsAreAbbreviated() {
        let t = Tensor(shape: [1001], storage: (0..<1001).map(Float.init))
        #expect(t.formatted() == "[   0,    1,    2, ...,  998,  999, 1000]")
        let m = Tensor(shape: [40, 40], storage: (0..<1600).map(Float.init))
        let lines = m.formatted().split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[3] == " ...,")
    }

    @Test func specialValues() {
        #expect(Tensor(shape: [3], storage: [.nan, .infinity, 1]).formatted() == "[nan, inf,   1]")
        #expect(NumberFormat.shortest(Float(1e-8)) == "1e-08")
    }
}
