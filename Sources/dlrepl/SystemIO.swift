#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StandardInput {
    static var isTerminal: Bool { isatty(0) != 0 }
}

struct FileError: Error, CustomStringConvertible {
    let description: String
}

enum TextFile {
    /// Reads a whole UTF-8 file.
    static func read(_ path: String) throws -> String {
        guard let f = fopen(path, "rb") else { throw FileError(description: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count { break }
        }
        if ferror(f) != 0 { throw FileError(description: "read failed") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
