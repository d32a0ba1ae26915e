import Synchronization

/// A name as the parser read it, with a small number for it: scopes find
/// variables by that number (an array slot or a short scan), not by hashing
/// the text at every use.
public struct Name: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let id: Int

    public init(_ text: String) {
        self.text = text
        id = Symbols.id(text)
    }

    public var description: String { text }
    public static func == (a: Name, b: Name) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// Every name the process has read, numbered from 0 in the order first seen.
enum Symbols {
    private struct Table {
        var ids: [String: Int] = [:]
        var texts: [String] = []
    }
    private static let table = Mutex(Table())

    static func id(_ text: String) -> Int {
        table.withLock { t in
            if let i = t.ids[text] { return i }
            let i = t.texts.count
            t.texts.append(text)
            t.ids[text] = i
            return i
        }
    }

    static func text(_ id: Int) -> String { table.withLock { $0.texts[id] } }
}
