import FileIO
import DLTensor
import TextFormat
import FoundationEssentials

/// The saved-model format, version 1:
///   "DLREPLM\0"  magic (8 bytes)
///   UInt32 LE    format version
///   UInt64 LE    header length H
///   H bytes      JSON header: name, input shape, layer specs, tensor shapes
///   payload      every param and buffer as float32 LE, in header order
///   UInt32 LE    CRC-32 of all the bytes before it
/// Writes go to a temporary file that is renamed into place, so a crash
/// leaves the old file or the new one, never half of one.
public enum ModelFile {
    static let magic = Array("DLREPLM\0".utf8)
    static let version: UInt32 = 1

    struct Header: Codable {
        var name: String
        var input: [Int]
        var layers: [LayerSpec]
        var tensors: [[Int]]
    }

    /// Every param and buffer in tree order, once per place a layer appears:
    /// a model used twice is saved twice and loads as two copies, so the
    /// file's layout matches the fresh model `decode` builds from the specs.
    static func tensors(of model: Model) -> [Tensor] {
        LayerTree.everyPlacement(of: model).flatMap { $0.namedParams.map(\.1) + $0.namedBuffers.map(\.1) }
    }

    public static func encode(_ model: Model) throws -> [UInt8] {
        let all = tensors(of: model)
        let header = Header(name: model.name, input: model.inputShape, layers: model.layers.map(\.spec), tensors: all.map(\.shape))
        // Models are bounded (LayerTree.maxDepth), so this cannot fail on a
        // model the language built; if it ever does, one sentence, not the
        // encoder's dump of the whole header.
        let json: [UInt8]
        do { json = Array(try JSONEncoder().encode(header)) } catch {
            throw FileError("cannot save model \(model.name): its description could not be written")
        }
        var bytes = magic
        bytes.append(contentsOf: le(version))
        bytes.append(contentsOf: le(UInt64(json.count)))
        bytes.append(contentsOf: json)
        for t in all { for v in t.storage { bytes.append(contentsOf: le(v.bitPattern)) } }
        bytes.append(contentsOf: le(CRC32.checksum(bytes)))
        return bytes
    }

    public static func decode(_ bytes: [UInt8], path: String) throws -> Model {
        func fail(_ why: String) -> FileError { FileError("\(Sanitize.path(path)): \(why)") }
        guard bytes.count >= magic.count + 4 + 8 + 4 else {
            throw fail(bytes.isEmpty ? "the file is empty" : "the file is too short to be a saved model (\(bytes.count) bytes)")
        }
        guard Array(bytes[0..<8]) == magic else { throw fail("not a dlrepl model file (it does not start with DLREPLM)") }
        let v = readLE32(bytes, 8)
        guard v == version else { throw fail("saved with model format \(v); this dlrepl reads format \(version)") }
        let stored = readLE32(bytes, bytes.count - 4)
        guard CRC32.checksum(bytes[0..<(bytes.count - 4)]) == stored else {
            throw fail("the file is damaged or truncated (its checksum does not match)")
        }
        let headerLength = Int(clamping: readLE64(bytes, 12))
        guard headerLength <= bytes.count - 24 else { throw fail("the header length is wrong") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[20..<(20 + headerLength)]))
        } catch {
            throw fail("the header cannot be read")
        }
        // The checksum only proves the bytes are as written, not that the
        // writer was dlrepl: every field is checked before it sizes anything.
        // The tensor shapes must account for exactly the payload present, so
        // a header cannot ask for more memory than the file itself holds.
        var payload = 0
        for shape in header.tensors {
            guard shape.allSatisfy({ $0 >= 0 }), let n = Shape.checkedCount(shape),
                  case let (sum, overflow) = payload.addingReportingOverflow(n), !overflow else {
                throw fail("its header lists an impossible tensor shape \(Shape.describe(shape))")
            }
            payload = sum
        }
        var offset = 20 + headerLength
        guard payload <= (bytes.count - offset - 4) / 4, offset + 4 * payload + 4 == bytes.count else {
            throw fail("expected \(offset + 4 * Swift.min(payload, Engine.maxElements) + 4) bytes, found \(bytes.count)")
        }
        // Building recurses once per level: a forged header is measured first.
        func tooDeep(_ specs: [LayerSpec], _ level: Int) -> Bool {
            !specs.isEmpty && (level > LayerTree.maxDepth || specs.contains { tooDeep($0.layers ?? [], level + 1) })
        }
        guard !tooDeep(header.layers, 1) else {
            throw fail("the model it describes nests more than \(LayerTree.maxDepth) levels deep")
        }
        var rng = RandomGenerator(seed: 0)
        let model: Model
        do {
            model = try Model(name: Sanitize.stripped(header.name), inputShape: header.input,
                              specs: header.layers.map(\.displayable), rng: &rng)
        } catch let e as ModelError {
            throw fail("the model it describes cannot be built: \(e.message)")
        }
        let all = tensors(of: model)
        guard all.map(\.shape) == header.tensors else { throw fail("its tensor shapes do not match its layers") }
        for t in all {
            t.storage = (0..<t.count).map { i in Float(bitPattern: readLE32(bytes, offset + 4 * i)) }
            offset += 4 * t.count
        }
        return model
    }

    public static func save(_ model: Model, to path: String) throws {
        try AtomicFile.write(try encode(model), to: path)
    }

    public static func load(from path: String) throws -> Model {
        try decode(try FileBytes.read(path), path: path)
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    static func readLE32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
    }

    static func readLE64(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }
}

/// CRC-32 (IEEE 802.3, as zlib and gzip).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
