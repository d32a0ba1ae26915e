import Testing
@testable import DLTerminal

@Suite struct KeyDecoderTests {
    func decode(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(bytes) + decoder.flush()
    }

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func plainAndControl() {
        #expect(decode(bytes("aé\r\t\u{7F}\u{01}\u{08}")) == [.char("a"), .char("é"), .enter, .tab, .backspace, .ctrl("a"), .backspace])
    }

    @Test func csiAndSS3() {
        #expect(decode(bytes("\u{1B}[A\u{1B}[B\u{1B}OC\u{1B}OD\u{1B}[1;5C")) == [.up, .down, .right, .left, .ctrlRight])
        // Ctrl-← → (xterm with any modifier, rxvt's SS3 c/d) move through a finished fit.
        #expect(decode(bytes("\u{1B}[1;5D\u{1B}[1;3C\u{1B}Od\u{1B}Oc")) == [.ctrlLeft, .ctrlRight, .ctrlLeft, .ctrlRight])
        #expect(decode(bytes("\u{1B}[H\u{1B}[F\u{1B}[1~\u{1B}[4~\u{1B}OH\u{1B}OF")) == [.home, .end, .home, .end, .home, .end])
        #expect(decode(bytes("\u{1B}[5~\u{1B}[6~\u{1B}[3~")) == [.pageUp, .pageDown, .delete])
        #expect(decode(bytes("\u{1B}OP\u{1B}OS\u{1B}[15~\u{1B}[17~\u{1B}[21~\u{1B}[24~\u{1B}[[A\u{1B}[11~")) ==
                [.f(1), .f(4), .f(5), .f(6), .f(10), .f(12), .f(1), .f(1)])
    }

    /// Ctrl-↑ ↓ (xterm's modifier 5, Alt's 3, rxvt's SS3 a/b) scroll a pane; plain ↑ ↓ stay history.
    @MainActor @Test func modifiedUpAndDown() {
        #expect(decode(bytes("\u{1B}[1;5A\u{1B}[1;5B\u{1B}[1;3A\u{1B}Oa\u{1B}Ob\u{1B}[A")) == [.ctrlUp, .ctrlDown, .ctrlUp, .ctrlUp, .ctrlDown, .up])
        #expect(ReadlineInput.bytes(for: .ctrlUp, lineIsEmpty: true).isEmpty)
    }

    @Test func mouse() {
        #expect(decode(bytes("\u{1B}[<64;10;5M\u{1B}[<65;1;1M\u{1B}[<0;3;3M\u{1B}[<0;3;3m")) == [.mouseWheelUp, .mouseWheelDown])
        #expect(decode([0x1B, 0x5B, 0x4D, 96, 40, 40, 0x1B, 0x5B, 0x4D, 97, 33, 33]) == [.mouseWheelUp, .mouseWheelDown])
    }

    @Test func loneEscapeWaitsThenFlushes() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.hasPending)
        #expect(decoder.flush() == [.escape])
        // Split sequence completes across reads.
        #expect(decoder.decode([0x1B, 0x5B]) == [])
        #expect(decoder.decode([0x41]) == [.up])
        // Alt-x.
        #expect(decoder.decode(bytes("\u{1B}x")) == [.escape, .char("x")])
        // Split UTF-8.
        #expect(decoder.decode([0xC3]) == [])
        #expect(decoder.decode([0xA9]) == [.char("é")])
    }
}
