/// What a cell is for, not what colour it is: the backend maps roles to the
/// colours the terminal has (or to none under NO_COLOR).
public enum Role: UInt8, Sendable, CaseIterable {
    case normal, dim, accent, border, title, train, validation, positive, negative, error, status, highlight, stale
}

public struct Style: Equatable, Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = Style()
}
