import Foundation

// This folder is a SwiftPM resource target, so the data is found at run time
// from any working directory (`swift run`, tests, the built binary).
public enum DatasetFiles {
    /// The path of a shipped data file, e.g. "iris.csv".
    public static func path(_ name: String) -> String? {
        Bundle.module.url(forResource: name, withExtension: nil)?.path
    }
}
