/// A key press (or terminal event) in full-screen mode. Modifiers on arrows
/// and function keys are dropped; Alt-x arrives as `.escape, .char("x")`,
/// which is also the byte sequence readline expects for Meta-x.
public enum Key: Equatable, Sendable {
    case char(Character)
    case enter, backspace, tab, escape
    case up, down, left, right, home, end, pageUp, pageDown, delete
    /// ↑ or ↓ held with Ctrl (or Alt or Shift): xterm's `CSI 1;5A`, rxvt's `ESC O a`.
    case ctrlUp, ctrlDown
    /// ← or → held with Ctrl (or Alt or Shift): `CSI 1;5D`, rxvt's `ESC O d`.
    case ctrlLeft, ctrlRight
    case f(Int)
    /// Lowercase letter or one of `@ [ \ ] ^ _` (`.ctrl("c")` is Ctrl-C).
    case ctrl(Character)
    case mouseWheelUp, mouseWheelDown
    case resize
}

/// Turns raw terminal bytes into keys. Keeps an incomplete escape sequence
/// or UTF-8 character across calls; the caller waits briefly for the rest
/// and then calls `flush()` (a lone ESC becomes `.escape`).
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// True while the bytes seen so far end inside a sequence.
    public var hasPending: Bool { !pending.isEmpty }

    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        return drain(final: false)
    }

    /// Gives up waiting: whatever is pending is decoded as complete.
    public mutating func flush() -> [Key] {
        let keys = drain(final: true)
        pending.removeAll()
        return keys
    }

    /// Decodes every complete key at the front of `pending` and drops its bytes.
    private mutating func drain(final: Bool) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = Self.parse(pending, from: index, final: final) else { break }
            if let key { keys.append(key) }
            index += length
        }
        pending.removeFirst(index)
        return keys
    }

    /// One key starting at `start`: the key (nil for sequences that mean
    /// nothing to us) and its length, or nil when more bytes are needed.
    static func parse(_ b: [UInt8], from start: Int, final: Bool) -> (Key?, Int)? {
        let byte = b[start]
        switch byte {
        case 0x1B:
            return parseEscape(b, from: start, final: final)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x09: return (.tab, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x00: return (.ctrl("@"), 1)
        case 0x01...0x1A: return (.ctrl(Character(Unicode.Scalar(byte + 0x60))), 1)
        case 0x1C...0x1F: return (.ctrl(Character(Unicode.Scalar(byte + 0x40))), 1)
        case 0x20...0x7E: return (.char(Character(Unicode.Scalar(byte))), 1)
        default:
            return parseUTF8(b, from: start, final: final)
        }
    }

    private static func parseUTF8(_ b: [UInt8], from start: Int, final: Bool) -> (Key?, Int)? {
        let lead = b[start]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (.char("\u{FFFD}"), 1)  // stray continuation or invalid lead
        }
        var have = 1
        while have < length, start + have < b.count, b[start + have] & 0xC0 == 0x80 { have += 1 }
        if have < length {
            if start + have == b.count && !final { return nil }  // rest not read yet
            return (.char("\u{FFFD}"), have)
        }
        let scalar = String(decoding: b[start..<(start + length)], as: UTF8.self)
        return (scalar.first.map(Key.char) ?? .char("\u{FFFD}"), length)
    }

    private static func parseEscape(_ b: [UInt8], from start: Int, final: Bool) -> (Key?, Int)? {
        guard start + 1 < b.count else { return final ? (.escape, 1) : nil }
        switch b[start + 1] {
        case UInt8(ascii: "["):
            return parseCSI(b, from: start, final: final)
        case UInt8(ascii: "O"):
            guard start + 2 < b.count else { return final ? (.escape, 1) : nil }
            // Keypad Enter in application mode is SS3 M.
            let key: Key? = switch b[start + 2] {
            case UInt8(ascii: "M"): .enter
            case UInt8(ascii: "a"): .ctrlUp
            case UInt8(ascii: "b"): .ctrlDown
            case UInt8(ascii: "c"): .ctrlRight
            case UInt8(ascii: "d"): .ctrlLeft
            default: letterKey(b[start + 2])
            }
            return (key, 3)
        default:
            // Alt-x (or ESC typed before a key): ESC stands alone.
            return (.escape, 1)
        }
    }

    /// ESC [ params intermediates final, plus the linux console's ESC [ [ A-E
    /// and the X10 mouse report ESC [ M b x y.
    private static func parseCSI(_ b: [UInt8], from start: Int, final: Bool) -> (Key?, Int)? {
        var i = start + 2
        guard i < b.count else { return final ? (.escape, 1) : nil }
        if b[i] == UInt8(ascii: "[") {  // linux console F1-F5
            guard i + 1 < b.count else { return final ? (.escape, 1) : nil }
            let code = b[i + 1]
            let key: Key? = (0x41...0x45).contains(code) ? .f(Int(code) - 0x40) : nil
            return (key, i + 2 - start)
        }
        if b[i] == UInt8(ascii: "M") {  // X10 mouse: three raw bytes follow
            guard i + 3 < b.count else { return final ? (nil, b.count - start) : nil }
            return (wheel(Int(b[i + 1]) - 32), i + 4 - start)
        }
        let paramStart = i
        while i < b.count, (0x20...0x3F).contains(b[i]) { i += 1 }
        guard i < b.count else { return final ? (nil, b.count - start) : nil }
        let finalByte = b[i]
        let length = i + 1 - start
        guard (0x40...0x7E).contains(finalByte) else {
            return (nil, i - start)  // malformed: drop what came before the odd byte
        }
        let params = String(decoding: b[paramStart..<i], as: UTF8.self)
        if params.hasPrefix("<") {  // SGR mouse: ESC [ < b ; x ; y M|m
            guard finalByte == UInt8(ascii: "M"),
                  let button = params.dropFirst().split(separator: ";").first.flatMap({ Int($0) })
            else { return (nil, length) }
            return (wheel(button), length)
        }
        let numbers = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 }
        // CSI 1;2P and the like are modified F1-F4: the letter decides.
        var key = finalByte == UInt8(ascii: "~") ? tildeKey(first ?? 0) : letterKey(finalByte)
        // A modifier (the second number above 1) turns ↑ ↓ into the keys that
        // scroll a pane, and ← → into the keys that move through a finished fit.
        if numbers.count >= 2, let m = numbers[1], m > 1 {
            switch key {
            case .up?: key = .ctrlUp
            case .down?: key = .ctrlDown
            case .left?: key = .ctrlLeft
            case .right?: key = .ctrlRight
            default: break
            }
        }
        return (key, length)
    }

    /// The final letter of an SS3 or CSI sequence: arrows, Home/End, F1–F4.
    private static func letterKey(_ byte: UInt8) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "P"): .f(1)
        case UInt8(ascii: "Q"): .f(2)
        case UInt8(ascii: "R"): .f(3)
        case UInt8(ascii: "S"): .f(4)
        default: nil
        }
    }

    private static func tildeKey(_ code: Int) -> Key? {
        switch code {
        case 1, 7: .home
        case 4, 8: .end
        case 3: .delete
        case 5: .pageUp
        case 6: .pageDown
        case 11...15: .f(code - 10)
        case 17...21: .f(code - 11)
        case 23, 24: .f(code - 12)
        default: nil
        }
    }

    /// Wheel events are buttons 64/65 (plus modifier bits 4, 8, 16).
    private static func wheel(_ button: Int) -> Key? {
        guard button >= 0, button & 64 != 0, button & 128 == 0 else { return nil }
        switch button & 3 {
        case 0: return .mouseWheelUp
        case 1: return .mouseWheelDown
        default: return nil
        }
    }
}
