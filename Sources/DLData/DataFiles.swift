#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the shipped data files are. Not a SwiftPM resource bundle: its
/// accessor needs full Foundation (with ICU), which costs more start-up time
/// than the rest of dlrepl. Searched in order: $DLREPL_DATASETS, `datasets/`
/// beside (or above) the executable, then the checkout this was built from.
public enum DataFiles {
    public static func path(_ name: String) -> String? {
        for dir in directories where access(dir + "/" + name, R_OK) == 0 { return dir + "/" + name }
        return nil
    }

    static let directories: [String] = searchPath(folder: "datasets", environment: "DLREPL_DATASETS")

    /// Where a top-level folder of the project (`datasets`, `lessons`) may be,
    /// in the order to try: the environment variable, beside or above the
    /// executable, then the checkout this was built from.
    public static func searchPath(folder: String, environment: String) -> [String] {
        var dirs: [String] = []
        // A folder the learner names is the only place looked: falling back
        // to the checkout's would hide a typo behind the wrong files.
        if let env = getenv(environment), env.pointee != 0 { return [String(cString: env)] }
        var dir = executableDirectory()
        for _ in 0..<5 where !dir.isEmpty {
            dirs.append(dir + "/" + folder)
            dir = parent(dir)
        }
        // #filePath is Sources/DLData/DataFiles.swift in the checkout.
        dirs.append(parent(parent(parent(#filePath))) + "/" + folder)
        return dirs
    }

    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        return parent(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
