import FileIO
import DLTensor
import TextFormat

/// A text for character-level models. A character is a Swift `Character`
/// (a grapheme cluster: what a reader sees as one letter, "é" even when it is
/// two scalars), the same unit `len(s)` and `s[i]` count in the language.
/// The vocabulary is the distinct characters sorted in Swift's string order
/// (by Unicode scalar values, so ASCII text sorts by code: "\n" " " "!" … "a").
public final class Corpus {
    public let name: String
    /// The whole text (line ends "\r\n" read as "\n").
    public let text: String
    public let vocab: [Character]
    /// The text as vocabulary ids, one per character.
    public let ids: [Int32]
    private let idOf: [Character: Int32]
    /// The id of each ASCII character in the vocab, -1 for those not in it: ASCII text is
    /// read and encoded a byte at a time, without hashing Characters.
    private let asciiIds: [Int32]

    /// The largest text accepted: the language's longest string, so
    /// `corpus.text` always fits in one.
    public static let maxBytes = 10_000_000

    /// Built-in corpora and the file each one reads from `datasets/`.
    public static let builtins: [(name: String, file: String)] = [
        ("sonnets", "shakespeare_sonnets.txt"), ("shakespeare", "shakespeare.txt"),
        ("names", "names.txt"), ("words", "words.txt"),
    ]

    public init(name: String, text: String) throws {
        let text = text.contains("\r\n") ? Corpus.unixLines(text) : text
        guard !text.isEmpty else { throw DataError("text: \(name) is empty", help: "a corpus needs at least two characters") }
        self.name = name
        self.text = text
        var firstSeen: [Character: Int32] = [:]
        var order: [Character] = []
        var raw: [Int32] = []
        raw.reserveCapacity(text.utf8.count)
        if Corpus.isPlainASCII(text) {
            // One byte, one Character: the same first-seen order as the loop below.
            var seen = [Int32](repeating: -1, count: 128)
            for b in text.utf8 {
                if seen[Int(b)] < 0 {
                    seen[Int(b)] = Int32(order.count)
                    order.append(Character(Unicode.Scalar(b)))
                }
                raw.append(seen[Int(b)])
            }
        } else {
        for c in text {
            if let id = firstSeen[c] {
                raw.append(id)
            } else {
                let id = Int32(order.count)
                firstSeen[c] = id
                order.append(c)
                raw.append(id)
            }
        }
        }
        guard order.count >= 2 else {
            throw DataError("text: \(name) has only one distinct character; a corpus needs at least two",
                            help: "a model predicts the next character: with one there is nothing to choose")
        }
        vocab = order.sorted()
        var sortedId: [Character: Int32] = [:]
        for (i, c) in vocab.enumerated() { sortedId[c] = Int32(i) }
        let remap = order.map { sortedId[$0]! }
        ids = raw.map { remap[Int($0)] }
        idOf = sortedId
        var ascii = [Int32](repeating: -1, count: 128)
        for (c, id) in sortedId where c.isASCII { if let b = c.asciiValue, c.unicodeScalars.count == 1 { ascii[Int(b)] = id } }
        asciiIds = ascii
    }

    /// ASCII with no carriage return: each byte is one Character ("\r\n" would be one).
    static func isPlainASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 && $0 != 13 } }

    /// A built-in name or a path to a UTF-8 text file (the caller tells a
    /// misspelt built-in name from a path).
    public static func load(_ source: String) throws -> Corpus {
        if let entry = builtins.first(where: { $0.name == source }) {
            guard let path = DataFiles.path(entry.file) else {
                throw DataError("text: the file \(entry.file) of the built-in corpus '\(source)' is missing",
                                help: "set DLREPL_DATASETS to the datasets folder")
            }
            return try read(path: path, name: source)
        }
        // The name is shown in messages and summaries: control characters escaped.
        let name = Sanitize.displayable(String(source.split(separator: "/").last ?? Substring(source)))
        return try read(path: source, name: name)
    }

    static func read(path: String, name: String) throws -> Corpus {
        let bytes = try FileBytes.read(path, limit: maxBytes)
        guard !bytes.isEmpty else {
            throw DataError("text: \(Sanitize.path(path)) is empty", help: "a corpus needs at least two characters")
        }
        if let bad = firstInvalidUTF8(bytes) {
            throw DataError("text: \(Sanitize.path(path)) is not UTF-8 text (invalid byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad))",
                            help: "save the file as UTF-8, e.g. iconv -f latin1 -t utf-8")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // A byte-order mark is not part of the text.
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return try Corpus(name: name, text: text)
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var offset = 0
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static func unixLines(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s { if c == "\r\n" { out.append("\n") } else { out.append(c) } }
        return out
    }

    public var size: Int { ids.count }

    /// The id of each character of `s`; an unknown character is an error naming it.
    public func encode(_ s: String, for caller: String = "encode") throws -> [Int] {
        var out: [Int] = []
        if Corpus.isPlainASCII(s) {
            out.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                let id = asciiIds[Int(b)]
                guard id >= 0 else { break }
                out.append(Int(id))
            }
            if out.count == s.utf8.count { return out }
            out = []   // a character not in the vocab: the loop below names it
        }
        for (i, c) in s.enumerated() {
            guard let id = idOf[c] else {
                throw DataError("\(caller): the character \(Corpus.describe(c)) (position \(i)) is not in the vocab of \(name) (\(vocab.count) characters)",
                                help: "corpus.vocab lists the characters it has")
            }
            out.append(Int(id))
        }
        return out
    }

    /// The text of these ids; each must be in 0..<vocab.count.
    public func decode(_ ids: [Int]) throws -> String {
        var out = ""
        for (i, id) in ids.enumerated() {
            guard vocab.indices.contains(id) else {
                throw DataError("decode: id \(id) at position \(i) is out of range: the vocab of \(name) has ids 0 to \(vocab.count - 1)")
            }
            out.append(vocab[id])
        }
        return out
    }

    /// How many windows `sequences` makes: each needs `length` characters and one more for its last target.
    public func windowCount(length: Int, stride: Int) throws -> Int {
        guard length > 0 else { throw DataError("sequences: length must be positive, got \(length)") }
        guard length < size else {
            throw DataError("sequences: length \(length) needs a text longer than \(length) characters; \(name) has \(size)",
                            help: "use a shorter length")
        }
        guard stride > 0 else { throw DataError("sequences: stride must be positive, got \(stride)") }
        guard stride < size else {
            throw DataError("sequences: stride \(stride) is not shorter than the text (\(size) characters)",
                            help: "the stride is how far each window starts after the one before; it defaults to length")
        }
        return (size - 1 - length) / stride + 1
    }

    /// Windows of `length` ids starting every `stride` characters: x the
    /// window, y the same window one character later (the next character of
    /// each position). Labels are whole numbers in float storage.
    public func sequences(length: Int, stride: Int) throws -> Dataset {
        let n = try windowCount(length: length, stride: stride)
        var x = [Float](repeating: 0, count: n * length)
        var y = [Float](repeating: 0, count: n * length)
        for w in 0..<n {
            let start = w * stride
            for j in 0..<length {
                x[w * length + j] = Float(ids[start + j])
                y[w * length + j] = Float(ids[start + j + 1])
            }
        }
        return Dataset(name: "\(name) sequences", x: Tensor(shape: [n, length], storage: x),
                       y: Tensor(shape: [n, length], storage: y), classCount: vocab.count)
    }

    /// A character as messages show it: quoted, with invisible ones named.
    public static func describe(_ c: Character) -> String {
        switch c {
        case "\n": return "\"\\n\" (newline)"
        case "\t": return "\"\\t\" (tab)"
        case " ": return "\" \" (space)"
        default:
            let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            let visible = c.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }
            return visible ? "\"\(c)\" (\(scalars))" : scalars
        }
    }
}
