import CZlib
import DLTensor

/// The MNIST IDX format, read through zlib so .gz files need no unpacking:
/// images `0x00000803, n, rows, cols` then n·rows·cols bytes; labels
/// `0x00000801, n` then n bytes.
public enum IDXLoader {
    public static func readAll(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw DataError("cannot open \(Sanitize.path(path))") }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { throw DataError("\(Sanitize.path(path)): the file is damaged (zlib could not read it)") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
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
        let size = n * rows * cols
        guard b.count == 16 + size else {
            throw DataError("\(Sanitize.path(path)): expected \(n) images of \(rows)×\(cols) (\(16 + size) bytes), found \(b.count) bytes")
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
