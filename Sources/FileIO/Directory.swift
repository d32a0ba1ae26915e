#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of a directory.
public enum Directory {
    /// Every name in `path` (with . and ..), or nil when it cannot be read.
    public static func names(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Read d_name in place, up to its NUL: glibc allocates each entry only
            // as long as its name, so copying the declared 256 bytes reads past it.
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            names.append(String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self)))
        }
        return names
    }
}
