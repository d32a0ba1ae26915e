import Foundation
import Testing
import DLTensor
@testable import DLData

/// Corpora: the vocab, ids both ways, and windows of ids with their next ids.
@Suite struct CorpusTests {
    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let e as DataError { return e.message } catch { return "\(error)" }
    }

    @Test func aCorpusNeedsTwoDistinctCharacters() {
        for text in ["a", "aaaa"] {
            #expect(throws: DataError.self) { try Corpus(name: "t", text: text) }
        }
        #expect((try? Corpus(name: "t", text: "ab"))?.vocab == ["a", "b"])
    }

    @Test func vocabIsTheSortedDistinctCharacters() throws {
        let c = try Corpus(name: "t", text: "to be or not to be\n")
        #expect(c.vocab == ["\n", " ", "b", "e", "n", "o", "r", "t"])
        #expect(c.size == 19)
        #expect(c.ids.count == 19)
        #expect(c.ids.prefix(3) == [7, 5, 1])
    }

    @Test func charactersAreGraphemeClusters() throws {
        // "é" written as one scalar and as e + combining accent are one character, equal.
        let c = try Corpus(name: "t", text: "\u{E9}e\u{301}a\r\nb")
        #expect(c.size == 5)
        #expect(c.vocab == ["\n", "a", "b", "é"])
        #expect(c.text == "ééa\nb")
    }

    @Test func encodeDecodeRoundTrip() throws {
        let c = try Corpus.load("sonnets")
        let line = "Shall I compare thee to a summer's day?"
        let ids = try c.encode(line)
        #expect(ids.count == line.count)
        #expect(ids.allSatisfy { c.vocab.indices.contains($0) })
        #expect(try c.decode(ids) == line)
        #expect(try c.decode(c.ids.prefix(200).map(Int.init)) == String(c.text.prefix(200)))
    }

    @Test func builtInsLoadWithTheirKnownSizes() throws {
        let sonnets = try Corpus.load("sonnets")
        #expect(sonnets.text.hasPrefix("THE SONNETS"))
        let shakespeare = try Corpus.load("shakespeare")
        #expect(shakespeare.vocab.count == 76)   // datasets/README.md: 76 distinct characters
        #expect(shakespeare.size == 940_089)      // ASCII: one character per byte
        let names = try Corpus.load("names")
        #expect(names.vocab == ["\n"] + "abcdefghijklmnopqrstuvwxyz".map { $0 })
        let words = try Corpus.load("words")
        #expect(words.vocab.count == 27)
    }

    @Test func unknownCharactersAndIds() throws {
        let c = try Corpus(name: "t", text: "abc")
        #expect(message { try c.encode("abz") } == "encode: the character \"z\" (U+7A) (position 2) is not in the vocab of t (3 characters)")
        #expect(message { try c.encode("a\tb") }.hasPrefix("encode: the character \"\\t\" (tab) (position 1)"))
        #expect(message { try c.decode([0, 3]) } == "decode: id 3 at position 1 is out of range: the vocab of t has ids 0 to 2")
        #expect(message { try c.decode([-1]) }.hasPrefix("decode: id -1 at position 0 is out of range"))
        #expect(message { try Corpus(name: "t", text: "") } == "text: t is empty")
    }

    @Test func sequencesAreWindowsAndTheirNextCharacters() throws {
        let c = try Corpus(name: "t", text: "abcdefghij")   // ids 0...9
        let d = try c.sequences(length: 3, stride: 3)
        // Windows start at 0, 3, 6; one at 9 would need characters 9...12.
        #expect(d.x.shape == [3, 3] && d.y.shape == [3, 3])
        #expect(d.x.storage == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(d.y.storage == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(d.classCount == 10)
    }

    @Test func windowsDoNotOverlapUnlessTheStrideIsShorter() throws {
        let c = try Corpus.load("sonnets")
        let d = try c.sequences(length: 64, stride: 64)
        #expect(d.size == (c.size - 1 - 64) / 64 + 1)
        for w in 0..<d.size {
            let x = Array(d.x.storage[(w * 64)..<((w + 1) * 64)]), y = Array(d.y.storage[(w * 64)..<((w + 1) * 64)])
            #expect(x == c.ids[(w * 64)..<((w + 1) * 64)].map(Float.init))
            #expect(Array(x.dropFirst()) == Array(y.dropLast()))
        }
        let overlapping = try c.sequences(length: 64, stride: 16)
        #expect(overlapping.size == (c.size - 1 - 64) / 16 + 1)
        #expect(Array(overlapping.x.storage[64..<112]) == Array(overlapping.x.storage[16..<64]))
    }

    @Test func sequenceLimits() throws {
        let c = try Corpus(name: "t", text: "abcde")
        #expect(message { try c.sequences(length: 0, stride: 1) } == "sequences: length must be positive, got 0")
        #expect(message { try c.sequences(length: 5, stride: 1) } == "sequences: length 5 needs a text longer than 5 characters; t has 5")
        #expect(message { try c.sequences(length: 2, stride: -1) } == "sequences: stride must be positive, got -1")
        #expect(message { try c.sequences(length: 2, stride: 5) }.hasPrefix("sequences: stride 5 is not shorter than the text"))
        #expect(try c.sequences(length: 4, stride: 1).size == 1)
    }

    @Test func filesThatAreNotText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-corpus-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/latin1.txt", contents: Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        _ = FileManager.default.createFile(atPath: dir + "/empty.txt", contents: Data())
        _ = FileManager.default.createFile(atPath: dir + "/bom.txt", contents: Data([0xEF, 0xBB, 0xBF, 0x68, 0x69]))
        #expect(message { try Corpus.load(dir + "/latin1.txt") }.hasSuffix("is not UTF-8 text (invalid byte 0xE9 at offset 3)"))
        #expect(message { try Corpus.load(dir + "/empty.txt") }.hasSuffix("empty.txt\" is empty"))
        #expect(message { try Corpus.load(dir) }.hasSuffix("it is a directory"))
        #expect(message { try Corpus.load(dir + "/none.txt") }.contains("No such file or directory"))
        let bom = try Corpus.load(dir + "/bom.txt")
        #expect(bom.text == "hi" && bom.name == "bom.txt")
        // A name from a path reaches the terminal escaped.
        _ = FileManager.default.createFile(atPath: dir + "/red\u{1B}[31m.txt", contents: Data([0x61, 0x62]))
        #expect(try Corpus.load(dir + "/red\u{1B}[31m.txt").name == "red\\u{1B}[31m.txt")
    }
}
