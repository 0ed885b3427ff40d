package dev.lexray.cli;

import dev.lexray.Lexray;
import dev.lexray.runtime.LexrayException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** {@code lexray}: the command line. Parses, calls the public API, prints; no numerical code lives here. */
@Command(name = "lexray", mixinStandardHelpOptions = true, versionProvider = LexrayCommand.Version.class,
        description = "Explains text classifiers with Layer-wise Relevance Propagation.",
        subcommands = {ExplainCommand.class, PredictCommand.class, ReportCommand.class, TrainCommand.class,
            AuditCommand.class,
            EvaluateModelCommand.class, EvaluateCommand.class, CorpusCommand.class, BenchCommand.class,
            NeuronsCommand.class, ServeCommand.class,
            CommandLine.HelpCommand.class})
public final class LexrayCommand implements Runnable {
    /** Exit code for errors the user can fix (bad input, bad model files, bad options). */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How much goes to standard error besides errors. */
    enum Verbosity { QUIET, NORMAL, VERBOSE }

    // Inherited: accepted before the command name and after it (lexray --quiet explain, lexray explain --quiet).
    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing on standard error but errors: no warnings, no progress.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also print what Lexray does on standard error: the model loaded, the time taken, and the"
                    + " causes of an error (the stack trace of an internal one).")
    boolean verbose;

    Verbosity verbosity() {
        return quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    }

    /** The verbosity of the command line that runs {@code spec} (NORMAL outside {@code lexray}). */
    static Verbosity verbosity(CommandLine.Model.CommandSpec spec) {
        return spec != null && spec.root().userObject() instanceof LexrayCommand c ? c.verbosity() : Verbosity.NORMAL;
    }

    /** Standard error for warnings and progress: discards everything under {@code --quiet}. */
    static PrintWriter notes(CommandLine.Model.CommandSpec spec) {
        return verbosity(spec) == Verbosity.QUIET ? new PrintWriter(Writer.nullWriter())
                : spec.commandLine().getErr();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: explain, predict, report, serve, evaluate, bench, train, evaluate-model or corpus (see --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (0 ok, 2 user error, 1 bug). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new LexrayCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof LexrayException ? USER_ERROR : 1);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("lexray: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USER_ERROR;
        });
        LexrayCommand root = cli.getCommand();
        cli.setExecutionStrategy(parseResult -> {
            if (root.quiet && root.verbose) {
                throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(),
                        "--quiet and --verbose exclude each other: give one");
            }
            long start = System.nanoTime();
            int code = new CommandLine.RunLast().execute(parseResult);
            if (root.verbose && code == 0 && parseResult.hasSubcommand()) {
                err.printf(Locale.ROOT, "lexray: done in %.2f s%n", (System.nanoTime() - start) / 1e9);
            }
            return code;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof LexrayException) {
                err.println("lexray: error: " + ex.getMessage());
                if (root.verbose) {
                    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                        err.println("lexray:   caused by: " + c);
                    }
                }
                return USER_ERROR;
            }
            if (root.verbose || Boolean.getBoolean("lexray.debug") || System.getenv("LEXRAY_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("lexray: internal error: " + ex + " (set LEXRAY_DEBUG=1 for the stack trace, and report it)");
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lexray " + Lexray.version()};
        }
    }
}
