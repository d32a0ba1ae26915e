/// "terminal too small: need 60×15, have 40×10", centred in a cleared area;
/// on a very small terminal the longest wording that fits, so it is never cut.
public struct TooSmall: Widget, Sendable {
    public var minWidth: Int
    public var minHeight: Int
    public var style: Style

    public init(minWidth: Int, minHeight: Int, style: Style = .normal) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.style = style
    }

    public func message(for area: Rect) -> String {
        let need = "\(minWidth)×\(minHeight)", have = "\(area.width)×\(area.height)"
        return ["terminal too small: need \(need), have \(have)", "too small: need \(need), have \(have)",
                "need \(need), have \(have)", "need \(need)", "small"].first { $0.count <= area.width } ?? ""
    }

    public func render(_ area: Rect, _ buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let text = message(for: area)
        let x = area.x + Swift.max(0, (area.width - text.count) / 2)
        buffer.put(text, x: x, y: area.y + (area.height - 1) / 2, style: style, in: area)
    }
}
