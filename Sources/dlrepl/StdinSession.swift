import DLLang

/// Statements read from a pipe, run as they complete; the session goes on
/// after an error, and the exit status says whether any happened.
struct StdinSession {
    let session: Session

    func run() -> Bool {
        session.runStream(name: "<stdin>", echo: true) { readLine(strippingNewline: true) }
    }
}
