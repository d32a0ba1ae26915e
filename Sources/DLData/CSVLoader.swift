import FileIO
import DLTensor
import TextFormat

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
        return try parse(bytes: bytes, file: path, name: name, target: target)
    }

    public static func parse(_ text: String, file: String, name: String, target: String? = nil) throws -> Dataset {
        try parse(bytes: Array(text.utf8), file: file, name: name, target: target)
    }

    /// Works on the UTF-8 bytes: a CSV is ASCII digits and commas, and going
    /// through Swift's Characters cost 2 µs a field (a quarter second for digits).
    static func parse(bytes: [UInt8], file: String, name: String, target: String? = nil) throws -> Dataset {
        let lines = CSVLines(bytes)
        guard let headerRange = lines.ranges.first, !headerRange.isEmpty else {
            throw DataError("\(Sanitize.path(file)): the file is empty")
        }
        // Names are shown in summaries and messages: no control characters.
        let header = try CSVFields.split(bytes, headerRange, file: file, line: 1).map { field in
            Sanitize.stripped(String(decoding: CSVFields.unquoted(bytes, field), as: UTF8.self).trimmingSpaces)
        }
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
        features.reserveCapacity((lines.ranges.count - 1) * (header.count - 1))
        for (lineIndex, range) in lines.ranges.enumerated().dropFirst() {
            let lineNumber = lineIndex + 1
            if range.isEmpty { throw DataError("\(Sanitize.path(file)):\(lineNumber): empty line inside the data") }
            let fields = try CSVFields.split(bytes, range, file: file, line: lineNumber)
            guard fields.count <= header.count else {
                throw DataError("\(Sanitize.path(file)):\(lineNumber): \(fields.count) fields, but the header has \(header.count)")
            }
            var j = 0
            for field in fields {
                let content = CSVFields.trimmed(bytes, field.content)
                let text = String(decoding: bytes[content], as: UTF8.self)
                // Decimal numbers only: Float("0x10") is 16, and a CSV never means that.
                let decimal = bytes[content].allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 43 || $0 == 45 || $0 == 101 || $0 == 69 }
                guard decimal, let v = Float(text), v.isFinite else {
                    let column = String(decoding: bytes[range.lowerBound..<field.start], as: UTF8.self).count + 1
                    let what = text.isEmpty ? "a missing value" : "'\(Sanitize.displayable(String(text.prefix(40))))' is not a number"
                    throw DataError("\(Sanitize.path(file)):\(lineNumber):\(column): \(what) (column '\(header[j])')",
                                    help: "every field must be a decimal number")
                }
                if j == targetIndex { targets.append(v) } else { features.append(v) }
                j += 1
            }
            guard j == header.count else {
                throw DataError("\(Sanitize.path(file)):\(lineNumber): \(j) fields, but the header has \(header.count)")
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
                throw DataError("\(Sanitize.path(file)):\(bad + 2): the label \(NumberFormat.shortest(targets[bad])) is not a class number (0 to \(Dataset.maxClasses - 1))",
                                help: "a column named label holds whole numbers 0, 1, 2, …")
            }
            let k = Int(targets.max()!) + 1
            return Dataset(name: name, x: x, y: Tensor(shape: [n], storage: targets), classCount: k, featureNames: names)
        }
        return Dataset(name: name, x: x, y: Tensor(shape: [n, 1], storage: targets), classCount: nil, featureNames: names)
    }
}

/// The fields of one CSV line (RFC 4180): separated by commas; a field in
/// double quotes may hold commas, and `""` inside it is one quote.
enum CSVFields {
    struct Field {
        /// Where the field starts in the line, for the column in messages.
        let start: Int
        /// The bytes between the quotes (a quoted field) or the whole field.
        let content: Range<Int>
        let quoted: Bool
    }

    static func split(_ bytes: [UInt8], _ range: Range<Int>, file: String, line: Int) throws -> [Field] {
        var fields: [Field] = []
        var i = range.lowerBound
        while true {
            let start = i
            var lo = i
            while lo < range.upperBound && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
            if lo < range.upperBound && bytes[lo] == 34 {
                var j = lo + 1
                while true {
                    guard j < range.upperBound else {
                        throw DataError("\(Sanitize.path(file)):\(line): a quoted field is not closed",
                                        help: "a field in double quotes ends with a double quote; \"\" inside it is one quote")
                    }
                    if bytes[j] == 34 {
                        if j + 1 < range.upperBound && bytes[j + 1] == 34 { j += 2; continue }
                        break
                    }
                    j += 1
                }
                fields.append(Field(start: start, content: (lo + 1)..<j, quoted: true))
                i = j + 1
                while i < range.upperBound && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
                guard i == range.upperBound || bytes[i] == UInt8(ascii: ",") else {
                    throw DataError("\(Sanitize.path(file)):\(line): text after a quoted field's closing quote")
                }
            } else {
                while i < range.upperBound && bytes[i] != UInt8(ascii: ",") { i += 1 }
                fields.append(Field(start: start, content: start..<i, quoted: false))
            }
            if i >= range.upperBound { return fields }
            i += 1
        }
    }

    /// Without the spaces and tabs around it.
    static func trimmed(_ bytes: [UInt8], _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 32 || bytes[hi - 1] == 9) { hi -= 1 }
        return lo..<hi
    }

    /// A field's text with each `""` made one quote.
    static func unquoted(_ bytes: [UInt8], _ f: Field) -> [UInt8] {
        guard f.quoted else { return Array(bytes[f.content]) }
        var out: [UInt8] = [], k = f.content.lowerBound
        while k < f.content.upperBound {
            out.append(bytes[k])
            k += bytes[k] == 34 ? 2 : 1
        }
        return out
    }
}

/// The lines of a CSV as byte ranges: "\n", "\r\n" and a lone "\r" (old
/// Mac files) all end a line; trailing blank lines are dropped.
struct CSVLines {
    var ranges: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        var start = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 || b == 13 {
                ranges.append(start..<i)
                if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        while let last = ranges.last, bytes[last].allSatisfy({ $0 == 32 }) { ranges.removeLast() }
    }
}
