package dev.lexray.cli;

import dev.lexray.Lexray;
import dev.lexray.LexrayException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lexray}: the command line. Parses, calls the public API, prints; no numerical code lives here. */
@Command(name = "lexray", mixinStandardHelpOptions = true, versionProvider = LexrayCommand.Version.class,
        description = "Explains text classifiers with Layer-wise Relevance Propagation.",
        subcommands = {ExplainCommand.class, PredictCommand.class, ReportCommand.class, TrainCommand.class,
            EvaluateModelCommand.class, EvaluateCommand.class, CorpusCommand.class, CommandLine.HelpCommand.class})
public final class LexrayCommand implements Runnable {
    /** Exit code for errors the user can fix (bad input, bad model files, bad options). */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: explain, predict, report, train, evaluate-model or corpus (see --help)");
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
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof LexrayException) {
                err.println("lexray: error: " + ex.getMessage());
                return USER_ERROR;
            }
            if (Boolean.getBoolean("lexray.debug") || System.getenv("LEXRAY_DEBUG") != null) {
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
