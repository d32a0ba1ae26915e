import ArgumentParser
import DLApp
import DLLang
import DLTensor
import DLTerminal

@main
struct DLRepl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlrepl",
        abstract: "A terminal notebook for learning deep learning.",
        discussion: """
            With no arguments, opens the full-screen notebook (or the line REPL where the
            terminal cannot show it); with a Markdown file, opens or creates that notebook.
            When standard input is not a terminal, statements are read from it.
            Inside a session, help() lists the builtins and help(name) explains one.
            """,
        version: "0.1.0",
        subcommands: [Start.self, Run.self],
        defaultSubcommand: Start.self
    )
}

/// `dlrepl`, `dlrepl --plain`, `dlrepl -e 'code'`.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a session (the default).", shouldDisplay: false)

    @Option(name: .customShort("e"), help: "Run this code, show the value of bare expressions, and exit.")
    var code: String?

    @Flag(help: "A line REPL with readline editing, without the full screen.")
    var plain = false

    @ArgumentParser.Argument(help: "A notebook file (Markdown) to open or create.")
    var notebook: String?

    func run() throws {
        let session = Session(output: StandardStreams())
        Limits.apply(to: session)
        if let code {
            Interrupts.catchCtrlC(in: session)
            guard session.run(SourceText(name: "<input>", text: code), echo: true) else { throw ExitCode(1) }
            return
        }
        if !StandardInput.isTerminal {
            guard StdinSession(session: session).run() else { throw ExitCode(1) }
            return
        }
        if !plain { Backtracer.makeNonInteractiveBeforeTheScreen() }
        MainActor.assumeIsolated {
            if !plain, let app = App(notebookPath: notebook) {
                app.run()
            } else {
                if !plain {
                    session.output.write("(this terminal cannot show the full screen; here is the line REPL)\n")
                }
                PlainREPL(session: session).run()
            }
        }
    }
}

/// `dlrepl run FILE.dl`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a .dl program; exit with status 1 on the first error.")

    @ArgumentParser.Argument(help: "The program to run.")
    var file: String

    func run() throws {
        let text: String
        do {
            text = String(decoding: try FileBytes.read(file), as: UTF8.self)
        } catch {
            StandardStreams().writeError("error: \(error)\n")
            throw ExitCode(1)
        }
        let session = Session(output: StandardStreams())
        Limits.apply(to: session)
        Interrupts.catchCtrlC(in: session)
        guard session.run(SourceText(name: file, text: text), echo: false) else { throw ExitCode(1) }
    }
}

/// Ctrl-C stops the running statement (a loop, or fit, which keeps the weights
/// of its last finished step) instead of killing the program.
enum Interrupts {
    static func catchCtrlC(in session: Session) {
        Signals.installInterruptHandler()
        session.interpreter.isInterrupted = { Signals.takeInterrupt() }
    }
}
