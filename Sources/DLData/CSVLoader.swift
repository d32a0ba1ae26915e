import TextFormat
import DLTensor

/// Reads a CSV with a header row and numeric columns. The target column is
/// chosen by name (default: the last). A target named `label`, or one with
/// a few whole-number values, makes a classification set; otherwise the
/// set is a regression.
public enum CSVLoader {
    public static func load(path: String, name: String, target: String? = nil) throws -> Dataset {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch let e as FileError {
            throw DataError(e.message, help: "give a path to a CSV file, or a built-in name such as \"iris\"")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: path, name: name, target: target)
    }

    public static func parse(_ text: String, file: String, name: String, target: String? = nil) throws -> Dataset {
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would
        // leave a Windows file as one line; old Mac files end lines with "\r".
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        guard let headerLine = lines.first, !headerLine.isEmpty else { throw DataError("\(Sanitize.path(file)): the file is empty") }
        // Names are shown in summaries and messages: no control characters.
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map { Sanitize.stripped(String($0).trimmed) }
        guard header.count >= 2 else {
            throw DataError("\(Sanitize.path(file)):1: the header has \(header.count) column; a dataset needs features and a target",
                            help: "columns are separated by commas")
        }
        let targetIndex: Int
        if let target {
            guard let i = header.firstIndex(of: target) else {
                throw DataError("\(Sanitize.path(file)):1: no column named '\(target)'", help: "the columns are " + header.joined(separator: ", "))
            }
            targetIndex = i
        } else {
            targetIndex = header.count - 1
        }
        var features: [Float] = [], targets: [Float] = []
        features.reserveCapacity((lines.count - 1) * (header.count - 1))
        for (lineIndex, line) in lines.enumerated().dropFirst() {
            let lineNumber = lineIndex + 1
            if line.isEmpty { throw DataError("\(Sanitize.path(file)):\(lineNumber): empty line inside the data") }
            var column = 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw DataError("\(Sanitize.path(file)):\(lineNumber): \(fields.count) fields, but the header has \(header.count)")
            }
            for (j, field) in fields.enumerated() {
                let text = String(field).trimmed
                guard let v = Float(text), v.isFinite else {
                    let what = text.isEmpty ? "a missing value" : "'\(Sanitize.displayable(String(text.prefix(40))))' is not a number"
                    throw DataError("\(Sanitize.path(file)):\(lineNumber):\(column): \(what) (column '\(header[j])')",
                                    help: "every field must be a number")
                }
                if j == targetIndex { targets.append(v) } else { features.append(v) }
                column += field.count + 1
            }
        }
        let n = targets.count
        guard n > 0 else { throw DataError("\(Sanitize.path(file)): no data rows after the header") }
        let x = Tensor(shape: [n, header.count - 1], storage: features)
        let names = header.enumerated().filter { $0.offset != targetIndex }.map(\.element)
        let targetName = header[targetIndex]
        let isClass: (Float) -> Bool = { $0 == $0.rounded() && $0 >= 0 && $0 < Float(Dataset.maxClasses) }
        let whole = targets.allSatisfy(isClass)
        let distinct = Set(targets).count
        if targetName == "label" || (targetName != "target" && whole && distinct <= 20) {
            // A label column holds class numbers; anything else would size the
            // class count (1e30 once trapped converting to Int).
            if let bad = targets.firstIndex(where: { !isClass($0) }) {
                throw DataError("\(Sanitize.path(file)):\(bad + 2): the label \(Tensor.shortest(targets[bad])) is not a class number (0 to \(Dataset.maxClasses - 1))",
                                help: "a column named label holds whole numbers 0, 1, 2, …")
            }
            let k = Int(targets.max()!) + 1
            return Dataset(name: name, x: x, y: Tensor(shape: [n], storage: targets), classCount: k, featureNames: names)
        }
        return Dataset(name: name, x: x, y: Tensor(shape: [n, 1], storage: targets), classCount: nil, featureNames: names)
    }
}

extension String {
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
