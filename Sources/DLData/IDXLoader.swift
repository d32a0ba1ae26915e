import FileIO
import DLTensor
import TextFormat
import CZlib

/// The MNIST IDX format, read through zlib so .gz files need no unpacking:
/// images `0x00000803, n, rows, cols` then n·rows·cols bytes; labels
/// `0x00000801, n` then n bytes.
public enum IDXLoader {
    /// Unpacked bytes past this are refused: a small .gz can expand without end.
    static let maxBytes = 1 << 30

    public static func readAll(_ path: String) throws -> [UInt8] {
        // Read through FileBytes for its checks (a regular file, a bounded size).
        let packed: [UInt8]
        do { packed = try FileBytes.read(path) } catch let e as FileError { throw DataError(e.message, help: e.help) }
        guard packed.count >= 2, packed[0] == 0x1f, packed[1] == 0x8b else { return packed }
        guard let file = gzopen(path, "rb") else { throw DataError("cannot open \(Sanitize.path(path))") }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { throw DataError("\(Sanitize.path(path)): the file is damaged (zlib could not read it)") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
            guard bytes.count <= maxBytes else {
                throw DataError("\(Sanitize.path(path)): unpacks to more than \(maxBytes) bytes")
            }
        }
        return bytes
    }

    static func bigEndian(_ b: [UInt8], _ at: Int) -> Int {
        (0..<4).reduce(0) { $0 << 8 | Int(b[at + $1]) }
    }

    /// Images as [n, 1, rows, cols] scaled to [0, 1].
    public static func images(_ path: String) throws -> Tensor {
        let b = try readAll(path)
        guard b.count >= 16, bigEndian(b, 0) == 0x0000_0803 else {
            throw DataError("\(Sanitize.path(path)): not an IDX image file (expected magic 0x00000803)")
        }
        let n = bigEndian(b, 4), rows = bigEndian(b, 8), cols = bigEndian(b, 12)
        guard n > 0, rows > 0, cols > 0 else {
            throw DataError("\(Sanitize.path(path)): its header says \(n) images of \(rows)×\(cols); every size must be at least 1")
        }
        // Each size may be up to 2³²−1: their product can overflow Int.
        guard let size = Shape.checkedCount([n, rows, cols]), b.count == 16 + size else {
            throw DataError("\(Sanitize.path(path)): its header says \(n) images of \(rows)×\(cols), which does not match its \(b.count) bytes")
        }
        let pixels = b[16...].map { Float($0) / 255 }
        return Tensor(shape: [n, 1, rows, cols], storage: pixels)
    }

    public static func labels(_ path: String) throws -> Tensor {
        let b = try readAll(path)
        guard b.count >= 8, bigEndian(b, 0) == 0x0000_0801 else {
            throw DataError("\(Sanitize.path(path)): not an IDX label file (expected magic 0x00000801)")
        }
        let n = bigEndian(b, 4)
        guard b.count == 8 + n else { throw DataError("\(Sanitize.path(path)): expected \(n) labels (\(8 + n) bytes), found \(b.count) bytes") }
        return Tensor(shape: [n], storage: b[8...].map { Float($0) })
    }

    public static func dataset(images: String, labels: String, name: String, classNames: [String]? = nil) throws -> Dataset {
        let x = try Self.images(images), y = try Self.labels(labels)
        guard x.shape[0] == y.shape[0] else {
            throw DataError("\(name): \(x.shape[0]) images but \(y.shape[0]) labels")
        }
        return Dataset(name: name, x: x, y: y, classCount: 10, classNames: classNames)
    }
}
