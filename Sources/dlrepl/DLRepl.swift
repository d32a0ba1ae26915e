import FileIO
import ArgumentParser
import DLApp
import DLLang
import DLLessons
import DLTerminal

@main
struct DLRepl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlrepl",
        abstract: "A terminal notebook for learning deep learning.",
        usage: """
            dlrepl                  the notebook screen (or the line REPL)
            dlrepl NOTES.md         open a notebook file, or create it on save
            dlrepl --plain          the line REPL, with readline editing
            dlrepl -e 'CODE'        run code and show bare values
            dlrepl run FILE.dl      run a program (exit 1 on the first error)
            dlrepl lessons          the course, with your progress (--check checks it)
            dlrepl lesson ID        open one lesson (--plain for the line REPL)
            CMD | dlrepl            read statements from standard input
            """,
        discussion: """
            Inside a session, help() lists everything by group and help(name) explains one,
            e.g. help(fit) or help(dense); help("lessons") explains the lesson commands.
            Ctrl-C interrupts what is running; Ctrl-D quits.
            """,
        version: "0.1.0",
        subcommands: [Start.self, Run.self, Lessons.self, LessonCommand.self],
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
        StartUp.prepare()
        // Every session knows the course: lessons(), lesson("id") and help("lessons") work at once.
        let host = SessionHost.standard()
        if let code {
            guard host.textSession().run(SourceText(name: "<input>", text: code)) else { throw ExitCode(1) }
            return
        }
        if !StandardInput.isTerminal {
            guard StdinSession(tutor: host.textSession()).run() else { throw ExitCode(1) }
            return
        }
        if !plain { Backtracer.makeNonInteractiveBeforeTheScreen() }
        MainActor.assumeIsolated {
            if !plain, let app = App(notebookPath: notebook, lesson: nil, host: host) {
                app.run()
            } else {
                let tutor = host.textSession()
                if !plain {
                    tutor.session.output.write("(this terminal cannot show the full screen; here is the line REPL)\n")
                }
                PlainREPL(tutor: tutor).run()
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
        StartUp.prepare()
        let text: String
        do {
            text = String(decoding: try FileBytes.read(file), as: UTF8.self)
        } catch {
            TextFrontEnd.error("error: \(error)")
            throw ExitCode(1)
        }
        let session = SessionHost.standard().textSession().session
        let ok = session.run(SourceText(name: file, text: text), echo: false)
        // The process ends here: its values are left to the system, not freed one by one
        // (a list of 232,118 small tensors took 7% of a run to free).
        _ = Unmanaged.passRetained(session)
        guard ok else { throw ExitCode(1) }
    }
}

extension SessionHost {
    /// A session on stdout and stderr (`run`, `-e`, piped input, the line
    /// REPL). Ctrl-C stops the running statement (a loop, or fit, which keeps
    /// the weights of its last finished step) instead of killing the program.
    func textSession() -> Tutor {
        Signals.installInterruptHandler()
        let text = TextFrontEnd()
        return tutor(text, traits: text.traits, interrupted: { Signals.takeInterrupt() })
    }
}
