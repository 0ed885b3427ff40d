package dev.lexray.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * Everything {@code lexray audit} found, as written to {@code audit.json}. {@code groups} (part 1) is present only
 * for a corpus with target annotations (HateXplain), its fields ({@code subgroups}, {@code gmb}, {@code overall_auc},
 * ...) at the top level of the JSON; {@code madlibs} (part 2a) when the madlibs file is used;
 * {@code why} (part 3) when the texts were explained.
 *
 * @param unscored texts of the split the model could not score (left out everywhere)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "model", "architecture", "labels", "toxic_classes", "corpus", "split", "texts",
    "unscored", "terms", "posts", "in_communities", "overall_auc", "communities_auc", "subgroups", "gmb", "madlibs",
    "counterfactuals", "why"})
public record AuditReport(String format, String model, String architecture, List<String> labels,
        @JsonProperty("toxic_classes") List<String> toxicClasses, String corpus, String split, int texts,
        int unscored, String terms, @JsonUnwrapped GroupAudit groups, MadlibsAudit madlibs,
        Counterfactuals counterfactuals, RelevanceAudit why) {
    public static final String FORMAT = "lexray-audit/1";
}
