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
        write([0, 0, 8, 1, 0, 0, 0, 2, 7, 7])
        #expect(throws: DataError.self) { try IDXLoader.images(path) }   // a label file is not an image file
        #expect(try IDXLoader.labels(path).storage == [7, 7])
        write([0x1f, 0x8b, 8, 0, 1, 2, 3])                                // a broken gzip stream
        #expect(throws: DataError.self) { try IDXLoader.labels(path) }
        #expect(throws: DataError.self) { try IDXLoader.labels(path + "-missing") }
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

    @Test func unwritablePathIsAnError() throws {
        #expect(throws: FileError.self) { try ModelFile.save(try model(), to: "/nonexistent-dir/x.model") }
    }
}
