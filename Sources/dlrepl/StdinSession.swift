import DLLang
import DLTerminal

/// Statements read from a pipe, run as they complete; the session goes on
/// after an error, and the exit status says whether any happened.
struct StdinSession {
    let session: Session

    /// Ctrl-C stops the running statement with a message, as in `run`, `-e`
    /// and the REPL, instead of killing the process. One that arrives while
    /// waiting for input stopped nothing, so it is not held against the next
    /// statement; input then ends when the program writing it dies of the same
    /// Ctrl-C.
    func run() -> Bool {
        Interrupts.catchCtrlC(in: session)
        return session.runStream(name: "<stdin>", echo: true) {
            let line = readLine(strippingNewline: true)
            _ = Signals.takeInterrupt()
            return line
        }
    }
}
