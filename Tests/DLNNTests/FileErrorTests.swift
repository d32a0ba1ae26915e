import FileIO
import TextFormat
import Foundation
import Testing
import DLTensor
import DLData
@testable import DLNN

/// Loaders and the model format report bad files clearly and never crash.
@Suite struct FileErrorTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-test-\(getpid())-\(name)").path
    }

    func csvError(_ text: String) -> String {
        do { _ = try CSVLoader.parse(text, file: "f.csv", name: "f"); return "no error" } catch let e as DataError { return e.message } catch { return "\(error)" }
    }

    @Test func malformedCSVNamesFileLineAndColumn() {
        #expect(csvError("a,b,label\n1,2,0\n3,x,1\n") == "\"f.csv\":3:3: 'x' is not a number (column 'b')")
        #expect(csvError("a,b,label\n1,2,0\n3,,1\n") == "\"f.csv\":3:3: a missing value (column 'b')")
        #expect(csvError("a,b,label\n1,2,0\n3,4\n") == "\"f.csv\":3: 2 fields, but the header has 3")
        #expect(csvError("") == "\"f.csv\": the file is empty")
        #expect(csvError("a,label\n") == "\"f.csv\": no data rows after the header")
        #expect(csvError("a,b,label\n1,2,0\n\n3,4,1\n") == "\"f.csv\":3: empty line inside the data")
    }

    @Test func windowsAndOldMacLineEndings() throws {
        for text in ["a,b,label\r\n1,2,0\r\n3,4,1\r\n", "a,b,label\r1,2,0\r3,4,1\r", "a,b,label\r\n1,2,0\n3,4,1"] {
            let d = try CSVLoader.parse(text, file: "f.csv", name: "f")
            #expect(d.x.storage == [1, 2, 3, 4] && d.y.storage == [0, 1] && d.classCount == 2, "\(text.debugDescription)")
        }
        #expect(csvError("a,b,label\r\n1,2,0\r\n3,x,1\r\n") == "\"f.csv\":3:3: 'x' is not a number (column 'b')")
    }

    /// RFC 4180: a field may be quoted, hold commas, and write a quote as "".
    @Test func quotedFieldsAndDecimalNumbersOnly() throws {
        let d = try CSVLoader.parse("a,\"b, second\",\"say \"\"c\"\"\"\n\"1.5\", 2 ,0\n3,\"4\",1\n", file: "f.csv", name: "f")
        #expect(d.x.storage == [1.5, 2, 3, 4] && d.y.storage == [0, 1])
        #expect(d.featureNames == ["a", "b, second"])
        #expect(csvError("a,label\n\"1,0\n") == "\"f.csv\":2: a quoted field is not closed")
        #expect(csvError("a,label\n\"1\"x,0\n") == "\"f.csv\":2: text after a quoted field's closing quote")
        // Float("0x10") is 16: a CSV means a decimal number or nothing.
        #expect(csvError("a,label\n0x10,0\n") == "\"f.csv\":2:1: '0x10' is not a number (column 'a')")
        #expect(csvError("a,label\n1_0,0\n") == "\"f.csv\":2:1: '1_0' is not a number (column 'a')")
    }

    @Test func labelsThatAreNotClassNumbers() {
        // 1e30 once trapped converting to Int; 1e9 would have sized a table of a billion classes.
        #expect(csvError("a,label\n1,0\n2,1e30\n") == "\"f.csv\":3: the label 1e+30 is not a class number (0 to 99999)")
        #expect(csvError("a,label\n1,1000000000\n").contains("the label 1e+09 is not a class number"))
        #expect(csvError("a,label\n1,-1\n").contains("the label -1 is not a class number"))
        #expect(csvError("a,label\n1,0.5\n").contains("the label 0.5 is not a class number"))
        // Without the name, large whole targets are a regression.
        #expect(csvError("a,y\n1,1e30\n2,3\n") == "no error")
    }

    @Test func controlCharactersFromTheFileAreNotShownRaw() {
        let message = csvError("a\u{1B}[2J,label\n\u{1B}[31m,0\n")
        #expect(!message.contains("\u{1B}") && message.contains("\\u{1B}[31m") && message.contains("column 'a[2J'"))
    }

    @Test func filesThatNeverEndAreRefused() throws {
        for path in ["/dev/zero", "/dev/urandom"] {
            #expect(throws: FileError.self) { try FileBytes.read(path) }
            do { _ = try FileBytes.read(path) } catch let e as FileError {
                #expect(e.message.hasPrefix("cannot read \"\(path)\": it is a "))
            }
            #expect(throws: DataError.self) { try CSVLoader.load(path: path, name: "z") }
            #expect(throws: FileError.self) { try ModelFile.load(from: path) }
            #expect(throws: DataError.self) { try IDXLoader.labels(path) }
        }
        #expect(throws: FileError.self) { try FileBytes.read("/tmp") }
        let path = temporaryPath("eleven")
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("hello world".utf8)))
        #expect(throws: FileError.self) { try FileBytes.read(path, limit: 10) }
        #expect(try FileBytes.read(path, limit: 11).count == 11)
    }

    @Test func pathsInMessagesAreQuotedOnOneLine() {
        do { _ = try FileBytes.read("\n"); Issue.record("read a file named newline") } catch let e as FileError {
            #expect(e.message == "cannot open \"\\n\": No such file or directory")
        } catch { Issue.record("\(error)") }
        #expect(Sanitize.path("a \"b\"") == "\"a \\\"b\\\"\"")
    }

    @Test func csvTargetsAndKinds() throws {
        let d = try CSVLoader.parse("x,target\n1,2.5\n2,3.5\n", file: "f.csv", name: "f")
        #expect(d.classCount == nil && d.y.shape == [2, 1])
        let c = try CSVLoader.parse("y,x\n1,0.5\n0,0.25\n", file: "f.csv", name: "f", target: "y")
        #expect(c.classCount == 2 && c.x.storage == [0.5, 0.25])
        #expect(throws: DataError.self) { try CSVLoader.parse("a,b\n1,2\n", file: "f.csv", name: "f", target: "zz") }
    }

    @Test func shippedDatasetsLoad() throws {
        let iris = try BuiltinDatasets.table("iris")
        #expect(iris.x.shape == [150, 4] && iris.classCount == 3)
        #expect(try BuiltinDatasets.table("diabetes").classCount == nil)
        let (train, test) = try BuiltinDatasets.imageSets("mnist")
        #expect(train.x.shape == [10000, 1, 28, 28] && test.x.shape == [2000, 1, 28, 28])
        #expect(Array(train.y.storage.prefix(5)) == [5, 0, 4, 1, 9])
        #expect(Array(test.y.storage.prefix(5)) == [7, 1, 0, 5, 9])   // every 5th test image
        #expect(train.x.storage.max()! <= 1 && train.x.storage.min()! >= 0)
    }

    @Test func malformedIDXIsAnError() throws {
        let path = temporaryPath("bad.idx")
        defer { unlink(path) }
        func write(_ bytes: [UInt8]) { #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes))) }
        write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2] + [1, 2, 3])   // 3 of 8 pixels
        #expect(throws: DataError.self) { try IDXLoader.images(path) }
        write([0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0, 0, 0, 0, 0, 0, 28])      // 10000 images of 0×28: no pixels at all
        do { _ = try IDXLoader.images(path); Issue.record("empty images were loaded") } catch let e as DataError {
            #expect(e.message.hasSuffix("its header says 10000 images of 0×28; every size must be at least 1"))
        }
        write([0, 0, 8, 1, 0, 0, 0, 2, 7, 7])
        #expect(throws: DataError.self) { try IDXLoader.images(path) }   // a label file is not an image file
        #expect(try IDXLoader.labels(path).storage == [7, 7])
        write([0x1f, 0x8b, 8, 0, 1, 2, 3])                                // a broken gzip stream
        #expect(throws: DataError.self) { try IDXLoader.labels(path) }
        #expect(throws: DataError.self) { try IDXLoader.labels(path + "-missing") }
        // Sizes of 2³²−1 once overflowed n·rows·cols.
        write([0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12) + [1, 2, 3])
        #expect(throws: DataError.self) { try IDXLoader.images(path) }
        write([0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF, 7])
        #expect(throws: DataError.self) { try IDXLoader.labels(path) }
    }

    func model() throws -> Model {
        var rng = RandomGenerator(seed: 1)
        return try Model(name: "net", inputShape: [3],
                         specs: [LayerSpec("dense", numbers: ["units": 4]), LayerSpec("batchnorm"), LayerSpec("relu"),
                                 LayerSpec("dense", numbers: ["units": 2])], rng: &rng)
    }

    @Test func saveLoadRoundTripKeepsEveryNumber() throws {
        let m = try model()
        (m.layers[1].namedBuffers[0].1).storage = [0.5, 1, 1.5, 2]
        let path = temporaryPath("round.model")
        defer { unlink(path) }
        try ModelFile.save(m, to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
        let loaded = try ModelFile.load(from: path)
        #expect(loaded.name == "net" && loaded.inputShape == [3])
        #expect(loaded.snapshot() == m.snapshot())
        #expect(loaded.layers.map(\.spec) == m.layers.map(\.spec))
    }

    @Test func damagedModelFilesAreClearErrors() throws {
        let good = try ModelFile.encode(try model())
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try ModelFile.decode(bytes, path: "m.model"); return "loaded" } catch { return "\(error)" }
        }
        #expect(message([]) == "\"m.model\": the file is empty")
        #expect(message(Array(good.prefix(10))).contains("too short"))
        #expect(message(Array("hello world, not a model at all".utf8)).contains("not a dlrepl model file"))
        #expect(message(Array(good.dropLast(7))).contains("damaged or truncated"))
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        #expect(message(flipped).contains("damaged or truncated"))
        var newer = good
        newer[8] = 9
        #expect(message(newer).contains("format 9"))
        // Every truncation point and many single-byte corruptions: always an error, never a crash.
        for cut in stride(from: 0, to: good.count, by: 7) { #expect(message(Array(good.prefix(cut))) != "loaded") }
        for i in stride(from: 0, to: good.count, by: 5) {
            var b = good
            b[i] = b[i] &+ 1
            #expect(message(b) != "loaded", "corrupting byte \(i)")
        }
    }

    @Test func staleTemporaryFilesOfDeadSavesAreRemoved() throws {
        let dir = temporaryPath("stale")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead += 1 }
        let names = ["m.model.tmp-\(dead)", "old.model.tmp-\(dead)", "m.model.tmp-1", "notes.md.tmp-\(dead)",
                     "m.model.tmp-x\(dead)", "m.model.tmp-"]
        for n in names { #expect(FileManager.default.createFile(atPath: dir + "/" + n, contents: Data([1]))) }
        try ModelFile.save(try model(), to: dir + "/m.model")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        // Dead saves of .model files go; a live process's file, other kinds and other names stay.
        #expect(left == ["m.model", "m.model.tmp-1", "notes.md.tmp-\(dead)", "m.model.tmp-x\(dead)", "m.model.tmp-"])
    }

    @Test func unwritablePathIsAnError() throws {
        #expect(throws: FileError.self) { try ModelFile.save(try model(), to: "/nonexistent-dir/x.model") }
    }
}

/// Model files whose checksum is right but whose header is hostile (written
/// by hand or by another program): each is an error before anything large
/// is allocated.
@Suite struct ForgedModelFileTests {
    /// A file in the saved-model format around `json`, with `floats` zero
    /// payload values and a correct CRC.
    func forged(_ json: String, floats: Int = 0) -> [UInt8] {
        let header = Array(json.utf8)
        var bytes = ModelFile.magic + ModelFile.le(ModelFile.version) + ModelFile.le(UInt64(header.count)) + header
        bytes += [UInt8](repeating: 0, count: 4 * floats)
        return bytes + ModelFile.le(CRC32.checksum(bytes))
    }

    func message(_ bytes: [UInt8]) -> String {
        do { _ = try ModelFile.decode(bytes, path: "m.model"); return "loaded" } catch { return "\(error)" }
    }

    func dense(_ units: String, tensors: String = "[]") -> String {
        #"{"name":"m","input":[3],"layers":[{"kind":"dense","numbers":{"units":\#(units)},"strings":{}}],"tensors":\#(tensors)}"#
    }

    @Test func theForgeryHelperMakesLoadableFiles() throws {
        let m = try ModelFile.decode(forged(dense("2", tensors: "[[3,2],[2]]"), floats: 8), path: "m.model")
        #expect(m.parameterCount == 8)
    }

    @Test func negativeInputShape() {
        let json = #"{"name":"m","input":[-5],"layers":[],"tensors":[]}"#
        #expect(message(forged(json)).contains("the input needs positive sizes, got [-5]"))
        #expect(message(forged(#"{"name":"m","input":[],"layers":[],"tensors":[]}"#)).contains("the input needs positive sizes"))
    }

    @Test func unitsPastIntsRange() {
        #expect(message(forged(dense("1e300"))).contains("dense: units must be a whole number up to 1099511627776, got 1e+300"))
        #expect(message(forged(dense("2.5"))).contains("units must be a whole number"))
    }

    @Test func unitsThatWouldTakeGigabytes() {
        // The header claims the tensors, but the file does not hold their payload.
        #expect(message(forged(dense("100000000", tensors: "[[3,100000000],[100000000]]"))).contains("expected 1600000"))
        // The header claims nothing: building the layer is refused by the element limit.
        #expect(message(forged(dense("2000000000"))).contains("dense: a weight of shape [3, 2000000000] is too large"))
    }

    @Test func impossibleTensorShapes() {
        #expect(message(forged(dense("2", tensors: "[[-3,2],[2]]"))).contains("impossible tensor shape [-3, 2]"))
        #expect(message(forged(dense("2", tensors: "[[4294967296,4294967296]]"))).contains("impossible tensor shape"))
        let many = "[" + Array(repeating: "[536870912]", count: 40).joined(separator: ",") + "]"
        #expect(message(forged(dense("2", tensors: many))) != "loaded")
    }

    @Test func controlCharactersInNamesAreStripped() throws {
        let json = #"{"name":"ev\u001b[2Jil\n","input":[3],"layers":[{"kind":"dense","numbers":{"units":2},"strings":{}}],"tensors":[[3,2],[2]]}"#
        let m = try ModelFile.decode(forged(json, floats: 8), path: "m.model")
        #expect(m.name == "ev[2Jil")
    }

    @Test func allParamsTogetherAreLimited() throws {
        var rng = RandomGenerator(seed: 0)
        let specs = [LayerSpec("dense", numbers: ["units": 10]), LayerSpec("dense", numbers: ["units": 10])]
        #expect(throws: ModelError.self) { try Model(name: "m", inputShape: [8], specs: specs, rng: &rng, elementLimit: 150) }
        #expect(try Model(name: "m", inputShape: [8], specs: specs, rng: &rng, elementLimit: 200).parameterCount == 200)
    }
}
