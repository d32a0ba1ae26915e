import DLLang
import DLLessons
import DLTerminal

/// Statements read from a pipe, each run as soon as it is complete (with the
/// pipe's line numbers), then judged by the open lesson if there is one. The
/// session goes on after an error; the result says whether any happened.
struct StdinSession {
    let tutor: Tutor

    /// Ctrl-C stops the running statement with a message, as in `run`, `-e`
    /// and the REPL, instead of killing the process. One that arrives while
    /// waiting for input stopped nothing, so it is not held against the next
    /// statement; input then ends when the program writing it dies of the same
    /// Ctrl-C.
    func run() -> Bool {
        return Session.statements(name: "<stdin>", nextLine: {
            let line = readLine(strippingNewline: true)
            _ = Signals.takeInterrupt()
            return line
        }, run: tutor.run)
    }
}
