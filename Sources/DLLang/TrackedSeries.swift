/// The series `track(name: value)` adds to, in the order their names first
/// appeared (the chart's legend keeps that order).
public struct TrackedSeries {
    public private(set) var names: [String] = []
    private var values: [String: [Double]] = [:]
    /// A series longer than a list may be could not be read back by `tracked`.
    static let maxPoints = ListBox.maxCount

    public func series(_ name: String) -> [Double]? { values[name] }

    mutating func add(_ name: String, _ value: Double) throws {
        if values[name] == nil { names.append(name) }
        guard values[name, default: []].count < Self.maxPoints else {
            throw RuntimeError("track: the series '\(name)' already holds \(Self.maxPoints) points",
                               help: "track every k-th step, e.g. if step % 10 == 0 { track(...) }")
        }
        values[name, default: []].append(value)
    }
}
