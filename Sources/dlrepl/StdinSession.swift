import DLLang
import DLLessons

/// Statements read from a pipe, each run as soon as it is complete (with the
/// pipe's line numbers), then judged by the open lesson if there is one. The
/// session goes on after an error; the result says whether any happened.
struct StdinSession {
    let tutor: Tutor

    func run() -> Bool {
        var buffer = "", start = 1, lineNumber = 0, clean = true
        func flush() {
            if !buffer.trimmingWhitespace.isEmpty, !tutor.run(SourceText(name: "<stdin>", text: buffer, firstLine: start)) { clean = false }
            buffer = ""
        }
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if buffer.isEmpty { start = lineNumber }
            buffer += buffer.isEmpty ? line : "\n" + line
            if InputCompleteness.needsMoreInput(buffer) { continue }
            flush()
        }
        flush()
        return clean
    }
}
