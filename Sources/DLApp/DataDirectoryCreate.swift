#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates a directory and its parents (mkdir -p); existing ones are fine.
enum DataDirectoryCreate {
    static func ensure(_ dir: String) {
        var path = ""
        for part in dir.split(separator: "/") {
            path += "/" + part
            _ = mkdir(path, 0o755)
        }
    }
}
