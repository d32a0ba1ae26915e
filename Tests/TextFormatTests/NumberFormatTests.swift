import Testing
@testable import TextFormat

@Suite struct NumberFormatTests {
    @Test func readableKeepsTinyValuesVisible() {
        #expect(NumberFormat.readable(0.00001) == "1e-5")
        #expect(NumberFormat.readable(-0.0077 * 0.0022) == "-1.694e-5")
        #expect(NumberFormat.readable(0.0022) == "0.0022")
        #expect(NumberFormat.readable(-0.0077) == "-0.0077")
        #expect(NumberFormat.readable(0.6016) == "0.6016")
        #expect(NumberFormat.readable(1.66224) == "1.662")
        #expect(NumberFormat.readable(12.5) == "12.5")
        #expect(NumberFormat.readable(0.99996) == "1")
        #expect(NumberFormat.readable(1234.56) == "1235")
        #expect(NumberFormat.readable(123_456) == "1.235e5")
        #expect(NumberFormat.readable(0) == "0")
        #expect(NumberFormat.readable(-0.0) == "0")
        #expect(NumberFormat.readable(.infinity) == "inf")
        #expect(NumberFormat.readable(0.9781586308428413) == "0.9782")
        #expect(NumberFormat.readable(0.1 + 0.2, significant: 8) == "0.3")
    }

    @Test func columnsShareOneNotation() {
        #expect(NumberFormat.column([0.00001, 0.00002]) == ["1e-5", "2e-5"])
        #expect(NumberFormat.column([0.5, 0.00002]) == ["5e-1", "2e-5"])
        #expect(NumberFormat.column([0.5, -0.25]) == ["0.5000", "-0.2500"])
        #expect(NumberFormat.column([1, 2, -3]) == ["1", "2", "-3"])
        #expect(NumberFormat.column([0, 1.5, .nan]) == ["0.0000", "1.5000", "nan"])
    }

    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0.7) == "0.70")
        #expect(NumberFormat.compact(0.035) == "0.035")
        #expect(NumberFormat.compact(1.2e-4) == "1.2e-4")
        #expect(NumberFormat.compact(0.0996) == "0.10")
        #expect(NumberFormat.compact(1.25) == "1.3")
        #expect(NumberFormat.compact(340) == "340")
        #expect(NumberFormat.compact(1_234_567) == "1.2e6")
        #expect(NumberFormat.compact(-0.5) == "-0.50")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.scientific(1e-3) == "1e-3")
        #expect(NumberFormat.scientific(9.96e-5) == "1e-4")
        #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(3.14159, decimals: 3) == "3.142")
        #expect(NumberFormat.ticks([0.7, 0.35, 0], step: 0.35) == ["0.70", "0.35", "0.00"])
        #expect(NumberFormat.ticks([3e-4, 2e-4, 1e-4], step: 1e-4) == ["3e-4", "2e-4", "1e-4"])
        #expect(NumberFormat.percent(0.034) == "3%")
    }
}

@Suite struct ClockTests {
    @Test func durationsReadAsClocksAndCountsAsThousands() {
        #expect(NumberFormat.clock(7.4) == "0:07" && NumberFormat.clock(750) == "12:30" && NumberFormat.clock(3723) == "1:02:03")
        #expect(NumberFormat.clock(.infinity) == "-:--" && NumberFormat.clock(-1) == "-:--")
        #expect(NumberFormat.count(850) == "850" && NumberFormat.count(1234) == "1.2k" && NumberFormat.count(12_480) == "12.5k")
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(NumberFormat.shortest(3.0) == "3" && NumberFormat.shortest(Float(0.1)) == "0.1" && NumberFormat.shortest(-Double.infinity) == "-inf")
    }
}
