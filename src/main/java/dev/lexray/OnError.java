package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.Locale;

/**
 * What a stream or file of texts does with a text that cannot be processed (empty, too long, not valid UTF-8): stop
 * ({@link #FAIL}, the default), leave it out ({@link #SKIP}), or put an error record in its place ({@link #RECORD}).
 */
public enum OnError {
    /** Stop at the first bad text with an error naming it. */
    FAIL,
    /** Leave bad texts out and go on. */
    SKIP,
    /** Put a {@link TextOutcome.Failure} in place of each bad text's result and go on. */
    RECORD;

    /** The lower-case name the CLI and JSON use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code fail}, {@code skip} or {@code record}.
     *
     * @throws LexrayException for any other name
     */
    public static OnError parse(String name) {
        for (OnError e : values()) {
            if (e.label().equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new LexrayException("unknown --on-error '" + name + "': use fail, skip or record");
    }
}
