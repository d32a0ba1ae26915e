import DLLang
import DLLessons

/// A lesson fed from a pipe: each complete statement runs as it is read, then
/// the lesson judges it. End of input ends the lesson (progress is saved after every step).
struct LessonStdin {
    let tutor: Tutor

    func run() {
        var buffer = "", start = 1, lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if buffer.isEmpty { start = lineNumber }
            buffer += buffer.isEmpty ? line : "\n" + line
            if InputCompleteness.needsMoreInput(buffer) { continue }
            if !buffer.trimmingWhitespace.isEmpty { tutor.run(SourceText(name: "<stdin>", text: buffer, firstLine: start)) }
            buffer = ""
        }
        if !buffer.trimmingWhitespace.isEmpty { tutor.run(SourceText(name: "<stdin>", text: buffer, firstLine: start)) }
    }
}
