@testable import DLTerminal

/// Renders `widget` into a fresh buffer and returns its text lines.
func draw(_ widget: some Widget, _ width: Int, _ height: Int) -> [String] {
    var buffer = Buffer(width: width, height: height)
    widget.render(buffer.area, &buffer)
    return buffer.lines()
}

func buffer(_ widget: some Widget, _ width: Int, _ height: Int) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    widget.render(buffer.area, &buffer)
    return buffer
}

/// Deterministic generator for property tests.
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
