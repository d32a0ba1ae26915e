import FileIO
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import DLApp
import DLLang
import DLLessons
import DLTerminal

@main
struct DLRepl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlrepl",
        abstract: "A terminal notebook for learning deep learning.",
        usage: usage,
        discussion: """
            Inside a session, help() lists everything by group and help(name) explains one,
            e.g. help(fit) or help(dense); help("lessons") explains the lesson commands.
            Ctrl-C interrupts what is running; Ctrl-D quits.
            """,
        version: "0.1.0",
        subcommands: [Start.self, Run.self, Lessons.self, LessonCommand.self],
        defaultSubcommand: Start.self
    )

    static let usage = """
        dlrepl                  the notebook screen (or the line REPL)
        dlrepl NOTES.md         open a notebook file, or create it on save
        dlrepl --plain          the line REPL, with readline editing
        dlrepl -e 'CODE'        run code and show bare values
        dlrepl run FILE.dl      run a program (exit 1 on the first error)
        dlrepl lessons          the course, with your progress (--check checks it)
        dlrepl lesson ID        open one lesson (--plain for the line REPL)
        CMD | dlrepl            read statements from standard input
        """

    /// `dlrepl -e CODE` and `dlrepl run FILE`, the two ways programs and
    /// tests call dlrepl over and over, skip the argument parser: building
    /// its command tree was 39% of the start-up's instructions. Anything
    /// else (options, help, errors in the arguments) goes through it.
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        if args.count == 2, !args[1].hasPrefix("-") {
            switch args[0] {
            case "-e": Glibc.exit(Start.runCode(args[1]) ? 0 : 1)
            case "run": Glibc.exit(Run.runFile(args[1]) ? 0 : 1)
            default: break
            }
        }
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // As ArgumentParser's own exit(withError:), except that the hidden
            // default command's errors point at `dlrepl --help`, which a learner
            // can type, not at `dlrepl start --help`.
            let text = fullMessage(for: error).replacing("'dlrepl start --help'", with: "'dlrepl --help'")
            let code = exitCode(for: error)
            if !text.isEmpty {
                if code == .success { print(text) } else { TextFrontEnd.error(text) }
            }
            Glibc.exit(code.rawValue)
        }
    }
}

/// `dlrepl`, `dlrepl --plain`, `dlrepl -e 'code'`.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a session (the default).",
        // The default command's errors show the program's usage: a learner never types `start`.
        usage: DLRepl.usage, shouldDisplay: false)

    @Option(name: .customShort("e"), help: "Run this code, show the value of bare expressions, and exit.")
    var code: String?

    @Flag(help: "A line REPL with readline editing, without the full screen.")
    var plain = false

    @ArgumentParser.Argument(help: "A notebook file (Markdown) to open or create.")
    var notebook: String?

    /// A `.dl` file is a program: opened as a notebook it showed as text with
    /// no cells, and saving wrote Markdown into it.
    func validate() throws {
        guard let notebook else { return }
        if notebook.lowercased().hasSuffix(".dl") {
            throw ValidationError("\(notebook) is a program, not a notebook: `dlrepl run \(notebook)` runs it. A notebook is a Markdown file, e.g. `dlrepl notes.md`.")
        }
        if plain {
            throw ValidationError("a notebook opens in the full screen, not with --plain: `dlrepl \(notebook)`")
        }
    }

    /// `-e CODE`: false when it reports an error.
    static func runCode(_ code: String) -> Bool {
        StartUp.prepare()
        return SessionHost.standard().textSession().run(SourceText(name: "<input>", text: code))
    }

    func run() throws {
        if let code {
            guard Self.runCode(code) else { throw ExitCode(1) }
            return
        }
        StartUp.prepare()
        // Every session knows the course: lessons(), lesson("id") and help("lessons") work at once.
        let host = SessionHost.standard()
        if !StandardInput.isTerminal {
            if let notebook {
                TextFrontEnd.error("error: \(notebook) is a notebook, which needs a terminal; piped statements run without one: `dlrepl < FILE`")
                throw ExitCode(1)
            }
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
                    let lost = notebook.map { " (\($0) is not opened: a notebook needs the full screen)" } ?? ""
                    tutor.session.output.write("(this terminal cannot show the full screen; here is the line REPL)\(lost)\n")
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
        guard Self.runFile(file) else { throw ExitCode(1) }
    }

    /// False when the file cannot be read or the program reports an error.
    static func runFile(_ file: String) -> Bool {
        StartUp.prepare()
        let text: String
        do {
            text = String(decoding: try FileBytes.read(file), as: UTF8.self)
        } catch {
            TextFrontEnd.error("error: \(error)")
            return false
        }
        let session = SessionHost.standard().textSession().session
        let ok = session.run(SourceText(name: file, text: text), echo: false)
        // The process ends here: its values are left to the system, not freed one by one
        // (a list of 232,118 small tensors took 7% of a run to free).
        _ = Unmanaged.passRetained(session)
        return ok
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
