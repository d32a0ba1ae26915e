import TextFormat
import DLTensor
import DLNN

/// An error raised while running. The location is filled by the innermost
/// expression that knows where it is; the source by the function frame or
/// the session entry it happened in.
public struct RuntimeError: LearnerError {
    public var message: String
    public var location: SourceLocation?
    public var help: String?
    public var source: SourceText?

    public init(_ message: String, at location: SourceLocation? = nil, help: String? = nil) {
        self.message = message
        self.location = location
        self.help = help
    }

    func located(_ fallback: SourceLocation) -> RuntimeError {
        var e = self
        if e.location == nil { e.location = fallback }
        return e
    }

    /// The one conversion of an error from any module into a runtime error.
    /// `layers` (a model block's lines after `input`) maps a model error's
    /// layer path to that layer's line, so a shape error in a model block,
    /// or in a `residual { }` inside it, points at the layer that caused it.
    public static func from(_ error: any Error, at location: SourceLocation, layers: [LayerLine] = []) -> RuntimeError {
        switch error {
        case let e as RuntimeError:
            return e.located(location)
        case let e as ModelError:
            let place = line(at: e.layerPath, in: layers) ?? location
            return RuntimeError(e.message, at: place, help: e.help)
        case let e as any LearnerError:
            return RuntimeError(e.message, at: location, help: e.help)
        default:
            // Not ours (a decoder's, the system's): its text is all there is.
            return RuntimeError(Sanitize.displayable("\(error)"), at: location)
        }
    }
}

/// The innermost line the path reaches; a nested model copy is one line.
private func line(at path: [Int], in lines: [LayerLine]) -> SourceLocation? {
    guard let i = path.first, lines.indices.contains(i) else { return nil }
    if case .block(let inner) = lines[i].form, let deeper = line(at: Array(path.dropFirst()), in: inner) { return deeper }
    return lines[i].location
}

/// Runs `body`, turning any error it throws into a runtime error at `location`.
@inline(__always)
func at<T>(_ location: SourceLocation, layers: [LayerLine] = [], _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw RuntimeError.from(error, at: location, layers: layers)
    }
}
