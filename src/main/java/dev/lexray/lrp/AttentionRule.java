package dev.lexray.lrp;

import dev.lexray.runtime.LexrayException;
import java.util.Locale;

/** How relevance crosses self-attention in a transformer encoder. */
public enum AttentionRule {
    /**
     * CP-LRP (Ali et al. 2022): attention probabilities are constants, so relevance flows through the values only;
     * queries and keys get none.
     */
    CP_LRP("cp-lrp"),
    /**
     * AttnLRP (Achtibat et al. 2024): the softmax rule {@code R_i = x_i (R_i - s_i sum_j R_j)} on the scores and the
     * uniform rule for both matrix products ({@code QK^T} and {@code AV}, each factor taking half), so queries and
     * keys receive relevance too.
     */
    ATTN_LRP("attnlrp");

    private final String cliName;

    AttentionRule(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static AttentionRule parse(String s) {
        String n = s.toLowerCase(Locale.ROOT).replace("_", "-");
        for (AttentionRule r : values()) {
            if (r.cliName.equals(n) || r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new LexrayException("unknown attention rule '" + s + "': use cp-lrp or attnlrp");
    }
}
