package dev.lexray.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code lexray evaluate} measured: the run's settings, the model's accuracy on the texts, and per attribution
 * method its cost, word deletion curves, AOPC, plausibility and randomisation check. Metrics that were not asked
 * for, or had no text to run on, are null. Serialised as the command's {@code evaluation.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "model", "corpus", "split", "command", "lexray", "created", "labels", "texts",
    "skipped", "accuracy", "settings", "forward_seconds_per_text", "methods", "notes"})
public record EvaluationResult(String format, String model, String corpus, String split, String command,
        String lexray, String created, List<String> labels, int texts, int skipped, double accuracy,
        Settings settings, @JsonProperty("forward_seconds_per_text") double forwardSecondsPerText,
        List<MethodResult> methods, List<String> notes) {
    public static final String FORMAT = "lexray-evaluation/1";

    public EvaluationResult {
        labels = List.copyOf(labels);
        methods = List.copyOf(methods);
        notes = List.copyOf(notes);
    }

    /** The same result with the command line that produced it. */
    public EvaluationResult withCommand(String c) {
        return new EvaluationResult(format, model, corpus, split, c, lexray, created, labels, texts, skipped,
                accuracy, settings, forwardSecondsPerText, methods, notes);
    }

    @JsonPropertyOrder({"metrics", "removal", "max_deletions", "deletion_fractions", "aopc_bins",
        "randomization_texts", "seed", "label_map"})
    public record Settings(List<String> metrics, String removal, @JsonProperty("max_deletions") int maxDeletions,
            @JsonProperty("deletion_fractions") double[] deletionFractions,
            @JsonProperty("aopc_bins") double[] aopcBins,
            @JsonProperty("randomization_texts") int randomizationTexts, long seed,
            @JsonProperty("label_map") Map<String, String> labelMap) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "parameters", "texts", "cost", "deletion", "aopc", "plausibility", "randomization"})
    public record MethodResult(String name, Map<String, Object> parameters, int texts, Cost cost, Deletion deletion,
            Aopc aopc, PlausibilityResult plausibility, Randomization randomization) {}

    /**
     * Seconds per text of explaining the true class, and that time as a multiple of one forward pass (prediction)
     * of the same texts, measured in the same run.
     */
    public record Cost(@JsonProperty("seconds_per_text") double secondsPerText,
            @JsonProperty("forward_equivalents") double forwardEquivalents) {}

    /**
     * Word deletion (Arras et al. 2017), explaining the true class: in correctly classified texts the most relevant
     * words go first ({@code correct}), in misclassified texts the least relevant ({@code misclassified}); by word
     * counts 0..max and by fractions of each text's length. Null curves had no text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deletion(Curve correct, Curve misclassified,
            @JsonProperty("correct_fractions") Curve correctFractions,
            @JsonProperty("misclassified_fractions") Curve misclassifiedFractions) {}

    /** Accuracy after deleting {@code x[j]} words (or that fraction of the words) from each of {@code texts}. */
    public record Curve(int texts, double[] x, double[] accuracy) {}

    /**
     * ERASER's AOPC (DeYoung et al. 2020), explaining the predicted class: comprehensiveness (the drop of its
     * probability when the top k% of the words are removed, most relevant first), sufficiency (the drop when only
     * they are kept), the comprehensiveness of the least-relevant-first order, and the area between the two
     * perturbation curves ({@code comprehensiveness - lerf_comprehensiveness}). The probability curves start with
     * the unperturbed text (bin 0).
     */
    @JsonPropertyOrder({"texts", "bins", "comprehensiveness", "sufficiency", "lerf_comprehensiveness",
        "area_between_curves", "morf_probability", "lerf_probability", "sufficiency_probability"})
    public record Aopc(int texts, double[] bins, double comprehensiveness, double sufficiency,
            @JsonProperty("lerf_comprehensiveness") double lerfComprehensiveness,
            @JsonProperty("area_between_curves") double areaBetweenCurves,
            @JsonProperty("morf_probability") double[] morfProbability,
            @JsonProperty("lerf_probability") double[] lerfProbability,
            @JsonProperty("sufficiency_probability") double[] sufficiencyProbability) {}

    /**
     * Agreement with human rationales over the texts that have one (explaining the true class): token AUPRC (and
     * average precision, which does not reward ties), and
     * for the top-k words (k = the rationale's length) token F1 (mean over texts) and IOU F1 (F1 of the mean span
     * precision and recall at IOU 0.5), as ERASER defines them.
     */
    @JsonPropertyOrder({"texts", "auprc", "average_precision", "token_f1", "iou_f1", "iou_precision", "iou_recall"})
    public record PlausibilityResult(int texts, double auprc,
            @JsonProperty("average_precision") double averagePrecision, @JsonProperty("token_f1") double tokenF1,
            @JsonProperty("iou_f1") double iouF1, @JsonProperty("iou_precision") double iouPrecision,
            @JsonProperty("iou_recall") double iouRecall) {}

    /**
     * The randomisation sanity check (Adebayo et al. 2018): Spearman correlation between the word relevance of the
     * trained model and of copies whose layers are randomised cascading from the top (stage 1: the classifier only,
     * the last stage: every layer). {@code flagged} when the explanations stay correlated (0.5 or more, signed or
     * absolute) even with every layer randomised: such a method does not depend on what the model learned.
     */
    public record Randomization(int texts, List<Stage> stages, boolean flagged) {}

    /** One cascade stage: the layers randomised so far and the mean correlations over texts where defined. */
    public record Stage(String layer, List<String> randomized, @JsonInclude(JsonInclude.Include.ALWAYS) Double spearman,
            @JsonProperty("spearman_abs") @JsonInclude(JsonInclude.Include.ALWAYS) Double spearmanAbs, int texts) {}
}
