package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;

/** A malformed record in strict mode, or a file whose layout is not the one its format expects. */
public final class CorpusFormatException extends LexrayException {
    private final transient Problem problem;

    public CorpusFormatException(Problem problem) {
        super(problem + " (the corpus reader skips malformed records unless strict mode is on)");
        this.problem = problem;
    }

    public CorpusFormatException(Problem problem, String advice) {
        super(problem + (advice.isEmpty() ? "" : " " + advice));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
