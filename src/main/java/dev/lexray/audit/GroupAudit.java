package dev.lexray.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Part 1 of the audit: the HateXplain bias protocol (Mathew et al. 2021, metrics of Borkan et al. 2019). Only
 * posts that target at least one of the 10 communities take part (D); for each community g, Subgroup, BPSN and BNSP
 * AUC within D ({@link BiasAucs}), then their generalised means over the communities with p = -5.
 *
 * @param posts the scored posts of the split with a majority label
 * @param inCommunities those that target at least one of the communities (D)
 * @param overallAuc the AUC of the toxic score over every scored post of the split
 * @param communitiesAuc the AUC over D
 */
@JsonPropertyOrder({"posts", "in_communities", "overall_auc", "communities_auc", "subgroups", "gmb"})
public record GroupAudit(int posts, @JsonProperty("in_communities") int inCommunities,
        @JsonProperty("overall_auc") Double overallAuc, @JsonProperty("communities_auc") Double communitiesAuc,
        List<Subgroup> subgroups, Gmb gmb) {

    /** The 10 communities the HateXplain authors evaluate, as their annotators name them. */
    public static final List<String> COMMUNITIES = List.of("African", "Islam", "Jewish", "Homosexual", "Women",
            "Refugee", "Arab", "Caucasian", "Asian", "Hispanic");

    /** One post: its ground truth, its majority-target communities, the model's toxic probability. */
    public record ScoredPost(boolean toxic, Set<String> communities, double score) {}

    /** One community's counts (within the scored posts) and AUCs (null where undefined). */
    @JsonPropertyOrder({"name", "size", "toxic", "non_toxic", "subgroup_auc", "bpsn_auc", "bnsp_auc"})
    public record Subgroup(String name, int size, int toxic, @JsonProperty("non_toxic") int nonToxic,
            @JsonProperty("subgroup_auc") Double subgroupAuc, @JsonProperty("bpsn_auc") Double bpsnAuc,
            @JsonProperty("bnsp_auc") Double bnspAuc) {}

    /** The generalised means of the three metrics over the communities. */
    @JsonPropertyOrder({"subgroup_auc", "bpsn_auc", "bnsp_auc", "power"})
    public record Gmb(@JsonProperty("subgroup_auc") Double subgroupAuc, @JsonProperty("bpsn_auc") Double bpsnAuc,
            @JsonProperty("bnsp_auc") Double bnspAuc, double power) {}

    /** The protocol over scored posts, with the given communities (normally {@link #COMMUNITIES}). */
    public static GroupAudit compute(List<ScoredPost> all, List<String> communities, double power) {
        List<ScoredPost> d = all.stream().filter(p -> communities.stream().anyMatch(p.communities()::contains))
                .toList();
        double[] scores = d.stream().mapToDouble(ScoredPost::score).toArray();
        boolean[] toxic = new boolean[d.size()];
        for (int i = 0; i < d.size(); i++) {
            toxic[i] = d.get(i).toxic();
        }
        List<Subgroup> subgroups = new ArrayList<>();
        double[][] metric = new double[3][communities.size()];
        for (int g = 0; g < communities.size(); g++) {
            String name = communities.get(g);
            boolean[] in = new boolean[d.size()];
            int size = 0;
            int tox = 0;
            for (int i = 0; i < d.size(); i++) {
                in[i] = d.get(i).communities().contains(name);
                if (in[i]) {
                    size++;
                    tox += toxic[i] ? 1 : 0;
                }
            }
            BiasAucs a = BiasAucs.of(scores, toxic, in);
            metric[0][g] = a.subgroup();
            metric[1][g] = a.bpsn();
            metric[2][g] = a.bnsp();
            subgroups.add(new Subgroup(name, size, tox, size - tox, orNull(a.subgroup()), orNull(a.bpsn()),
                    orNull(a.bnsp())));
        }
        Gmb gmb = new Gmb(orNull(GeneralisedMean.of(metric[0], power)), orNull(GeneralisedMean.of(metric[1], power)),
                orNull(GeneralisedMean.of(metric[2], power)), power);
        return new GroupAudit(all.size(), d.size(), orNull(auc(all)), orNull(auc(d)), subgroups, gmb);
    }

    private static double auc(List<ScoredPost> posts) {
        return RocAuc.of(posts.stream().filter(ScoredPost::toxic).mapToDouble(ScoredPost::score).toArray(),
                posts.stream().filter(p -> !p.toxic()).mapToDouble(ScoredPost::score).toArray());
    }

    /** JSON has no NaN: an undefined metric is null. */
    static Double orNull(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
