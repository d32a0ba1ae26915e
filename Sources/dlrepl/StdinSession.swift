import DLLang

/// Statements read from a pipe: each complete statement runs as soon as it
/// is read, errors are reported with the stream's line numbers, and the
/// session goes on.
struct StdinSession {
    let session: Session

    func run() {
        var buffer = ""
        var bufferStart = 1
        var lineNumber = 0
        var failed = false
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if buffer.isEmpty { bufferStart = lineNumber }
            buffer += buffer.isEmpty ? line : "\n" + line
            if InputCompleteness.needsMoreInput(buffer) { continue }
            if !session.run(SourceText(name: "<stdin>", text: buffer, firstLine: bufferStart), echo: true) { failed = true }
            buffer = ""
        }
        if !buffer.isEmpty {
            if !session.run(SourceText(name: "<stdin>", text: buffer, firstLine: bufferStart), echo: true) { failed = true }
        }
        _ = failed
    }
}
