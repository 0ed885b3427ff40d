package dev.lexray.audit;

import java.util.Set;

/**
 * One text of the audited corpus: its ground truth ({@code toxic}; null when unlabelled) and the communities it
 * targets (HateXplain's majority targets; empty for other corpora).
 */
public record AuditText(String id, String text, Boolean toxic, Set<String> communities) {
    public AuditText {
        communities = Set.copyOf(communities);
    }
}
