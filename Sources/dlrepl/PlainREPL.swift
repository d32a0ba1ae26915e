import FileIO
import TextFormat
import DLLang
import DLLessons
import DLTerminal

/// The line REPL: readline editing, history in the XDG data directory,
/// completion, continuation lines while brackets are open, Ctrl-C to
/// interrupt the running statement, Ctrl-D or `exit` to quit.
@MainActor
struct PlainREPL {
    let tutor: Tutor
    var session: Session { tutor.session }

    func run() {
        let editor = LineEditor.shared
        let historyPath = DataDirectory.path(app: "dlrepl") + "/history"
        editor.loadHistory(from: historyPath)
        editor.completer = { line, _, word in session.completions(line: line, word: word) }
        if !tutor.isLessonOpen {
            session.output.write("dlrepl · help() lists the builtins · lessons() the course · Ctrl-D quits\n")
        }
        var buffer = ""
        while true {
            switch editor.readLine(prompt: buffer.isEmpty ? "dl> " : "... ") {
            case .eof:
                editor.saveHistory()
                return
            case .interrupted:
                buffer = ""
            case .line(let line):
                buffer += buffer.isEmpty ? line : "\n" + line
                if InputCompleteness.needsMoreInput(buffer) { continue }
                let entry = buffer
                buffer = ""
                let trimmed = entry.trimmingSpaces
                if trimmed.isEmpty { continue }
                editor.addHistory(entry)
                // Saved after every entry, so a crash or a closed terminal loses nothing.
                editor.saveHistory()
                if trimmed == "exit" || trimmed == "quit" { return }
                _ = Signals.takeInterrupt()
                session.output.traits.columns = TextFrontEnd.columns
                tutor.run(SourceText(name: "<input>", text: entry))
            }
        }
    }
}
