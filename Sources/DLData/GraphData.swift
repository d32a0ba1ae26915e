import FileIO
import DLTensor

/// A graph whose nodes are the samples: Zachary's karate club, shipped in
/// `datasets/`. Edges are undirected; labels and class names are per node.
public struct GraphData {
    public let name: String
    public let nodeCount: Int
    public let edges: [(Int, Int)]
    public let labels: [Int]
    public let classNames: [String]

    public static let names = ["karate_club"]

    /// The adjacency matrix: 1 where two nodes share an edge, 0 elsewhere
    /// (the diagonal too: adding self-loops is the learner's step).
    public var adjacency: Tensor {
        var a = [Float](repeating: 0, count: nodeCount * nodeCount)
        for (u, v) in edges { a[u * nodeCount + v] = 1; a[v * nodeCount + u] = 1 }
        return Tensor(shape: [nodeCount, nodeCount], storage: a)
    }

    public static func load(_ name: String) throws -> GraphData {
        guard name == "karate_club" else { throw DataError("no built-in graph named '\(name)'") }
        let nodeRows = try rows(try BuiltinDatasets.file("karate_club_nodes.csv"), columns: 3)
        var labels = [Int](repeating: -1, count: nodeRows.count)
        var classNames = ["", ""]
        for r in nodeRows {
            guard let node = Int(r[0]), let label = Int(r[2]), labels.indices.contains(node), (0...1).contains(label) else {
                throw DataError("karate_club_nodes.csv: a row is not node,club,label with a node below \(nodeRows.count) and label 0 or 1: \(r.joined(separator: ","))")
            }
            labels[node] = label
            classNames[label] = r[1]
        }
        guard !labels.contains(-1) else { throw DataError("karate_club_nodes.csv: some nodes have no row") }
        var edges: [(Int, Int)] = []
        for r in try rows(try BuiltinDatasets.file("karate_club_edges.csv"), columns: 3) {
            guard let u = Int(r[0]), let v = Int(r[1]), labels.indices.contains(u), labels.indices.contains(v), u != v else {
                throw DataError("karate_club_edges.csv: a row is not two different nodes below \(labels.count): \(r.joined(separator: ","))")
            }
            edges.append((u, v))
        }
        return GraphData(name: name, nodeCount: labels.count, edges: edges, labels: labels, classNames: classNames)
    }

    /// The rows after the header, each with exactly `columns` fields.
    private static func rows(_ path: String, columns: Int) throws -> [[String]] {
        let text: String
        do { text = String(decoding: try FileBytes.read(path), as: UTF8.self) } catch let e as FileError {
            throw DataError(e.message)
        }
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        return try lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns else { throw DataError("\(path): expected \(columns) fields in \(line)") }
            return fields
        }
    }
}
