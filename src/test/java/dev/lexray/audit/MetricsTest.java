package dev.lexray.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AUC, Borkan et al.'s three AUCs, the generalised mean and the HateXplain protocol on hand-computed cases. */
class MetricsTest {
    @Test
    void aucCountsTiesAsHalf() {
        // pairs: (.9,.5)=1, (.9,.1)=1, (.5,.5)=1/2, (.5,.1)=1 -> 3.5 / 4
        assertThat(RocAuc.of(new double[] {0.9, 0.5}, new double[] {0.5, 0.1})).isEqualTo(0.875);
        assertThat(RocAuc.of(new double[] {0.3, 0.3}, new double[] {0.3})).isEqualTo(0.5);
        assertThat(RocAuc.of(new double[] {0.1}, new double[] {0.2, 0.3})).isEqualTo(0.0);
        assertThat(RocAuc.of(new double[] {0.4}, new double[] {})).isNaN();
    }

    @Test
    void aucEqualsThePairCountOnRandomScoresWithTies() {
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] p = new double[1 + r.nextInt(30)];
            double[] n = new double[1 + r.nextInt(30)];
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextInt(6) / 5.0;
            }
            for (int i = 0; i < n.length; i++) {
                n[i] = r.nextInt(6) / 5.0;
            }
            double pairs = 0;
            for (double a : p) {
                for (double b : n) {
                    pairs += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
            assertThat(RocAuc.of(p, n)).isCloseTo(pairs / (p.length * n.length), within(1e-12));
        }
    }

    @Test
    void subgroupBpsnAndBnspTakeTheRightHalves() {
        double[] s = {0.9, 0.4, 0.6, 0.7, 0.2, 0.6, 0.95};
        boolean[] toxic = {true, false, false, true, false, true, false};
        boolean[] group = {true, true, true, false, false, false, false};
        BiasAucs a = BiasAucs.of(s, toxic, group);
        assertThat(a.subgroup()).isEqualTo(1.0); // {.9} vs {.4,.6}
        assertThat(a.bpsn()).isEqualTo(0.875); // background toxic {.7,.6} vs group non-toxic {.4,.6}: one tie
        assertThat(a.bnsp()).isEqualTo(0.5); // group toxic {.9} vs background non-toxic {.2,.95}
    }

    @Test
    void generalisedMeanWithMinusFive() {
        // ((0.5^-5 + 1^-5) / 2)^(-1/5) = 16.5^(-0.2)
        assertThat(GeneralisedMean.of(new double[] {0.5, 1.0}, -5)).isCloseTo(0.5708253, within(1e-7));
        assertThat(GeneralisedMean.of(new double[] {0.7, 0.7, 0.7}, -5)).isCloseTo(0.7, within(1e-12));
        assertThat(GeneralisedMean.of(new double[] {0.2, 0.6}, 1)).isCloseTo(0.4, within(1e-12));
        assertThat(GeneralisedMean.of(new double[] {0.0, 0.9}, -5)).isEqualTo(0.0);
        assertThat(GeneralisedMean.of(new double[] {Double.NaN, 0.9}, -5)).isNaN();
        assertThatThrownBy(() -> GeneralisedMean.of(new double[] {0.5}, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProtocolLeavesOutPostsWithoutACommunity() {
        List<GroupAudit.ScoredPost> posts = List.of(
                new GroupAudit.ScoredPost(true, Set.of("African"), 0.9),
                new GroupAudit.ScoredPost(false, Set.of("African"), 0.6),
                new GroupAudit.ScoredPost(true, Set.of("Women", "African"), 0.5),
                new GroupAudit.ScoredPost(false, Set.of("Women"), 0.3),
                new GroupAudit.ScoredPost(true, Set.of("Other"), 0.01), // not in D: would lower African's BPSN
                new GroupAudit.ScoredPost(false, Set.of("None"), 0.99));
        GroupAudit g = GroupAudit.compute(posts, List.of("African", "Women"), -5);
        assertThat(g.posts()).isEqualTo(6);
        assertThat(g.inCommunities()).isEqualTo(4);
        GroupAudit.Subgroup african = g.subgroups().get(0);
        assertThat(african.size()).isEqualTo(3);
        assertThat(african.toxic()).isEqualTo(2);
        assertThat(african.subgroupAuc()).isEqualTo(0.5); // {.9,.5} vs {.6}
        assertThat(african.bpsnAuc()).isNull(); // every toxic post of D is African: no background positive
        assertThat(african.bnspAuc()).isEqualTo(1.0); // {.9,.5} vs {.3}
        GroupAudit.Subgroup women = g.subgroups().get(1);
        assertThat(women.subgroupAuc()).isEqualTo(1.0); // {.5} vs {.3}
        assertThat(women.bpsnAuc()).isEqualTo(1.0); // {.9} vs {.3}
        assertThat(women.bnspAuc()).isEqualTo(0.0); // {.5} vs {.6}
        assertThat(g.gmb().subgroupAuc()).isCloseTo(GeneralisedMean.of(new double[] {0.5, 1.0}, -5), within(1e-12));
        assertThat(g.gmb().bpsnAuc()).isNull();
        assertThat(g.gmb().bnspAuc()).isEqualTo(0.0);
        // overall: toxic {.9,.5,.01} vs non-toxic {.6,.3,.99}: 1+1+0 + 0+1+0 + 0+0+0 = 3 of 9
        assertThat(g.overallAuc()).isCloseTo(3 / 9.0, within(1e-12));
    }

    @Test
    void theJsonHasTheProtocolsFieldsAtTheTop() throws Exception {
        GroupAudit g = GroupAudit.compute(List.of(new GroupAudit.ScoredPost(true, Set.of("Asian"), 0.9),
                new GroupAudit.ScoredPost(false, Set.of("Asian"), 0.2)), GroupAudit.COMMUNITIES, -5);
        AuditReport r = new AuditReport(AuditReport.FORMAT, "m", "bigru", List.of("OFF", "NOT"), List.of("OFF"),
                "hatexplain", "test", 2, 0, "default", g, null,
                new Counterfactuals(2, 0, 0, List.of(), List.of()), null);
        var j = dev.lexray.LexrayJson.mapper().readTree(dev.lexray.LexrayJson.toLine(r));
        assertThat(j.path("subgroups")).hasSize(10);
        var asian = j.path("subgroups").get(8);
        assertThat(asian.path("name").asText()).isEqualTo("Asian");
        assertThat(asian.path("non_toxic").asInt()).isEqualTo(1);
        assertThat(asian.path("subgroup_auc").asDouble()).isEqualTo(1.0);
        assertThat(asian.path("bpsn_auc").isNull()).isTrue(); // undefined: null, never NaN
        assertThat(j.path("gmb").path("power").asDouble()).isEqualTo(-5.0);
        assertThat(j.path("gmb").path("subgroup_auc").isNull()).isTrue(); // other communities have no posts
        assertThat(j.path("overall_auc").asDouble()).isEqualTo(1.0);
    }

    @Test
    void toxicClassesDefaultToEveryClassButTheBenignOne() {
        ToxicClasses d = ToxicClasses.of(List.of("hate_speech", "offensive_language", "neither"), null);
        assertThat(d.indices()).containsExactly(0, 1);
        assertThat(d.score(new double[] {0.1, 0.3, 0.6})).isCloseTo(0.4, within(1e-12));
        assertThat(d.strongest(new double[] {0.1, 0.3, 0.6})).isEqualTo(1);
        assertThat(ToxicClasses.of(List.of("NOT", "OFF"), List.of()).names()).containsExactly("OFF");
        assertThat(ToxicClasses.of(List.of("a", "b", "c"), List.of("c")).indices()).containsExactly(2);
        assertThatThrownBy(() -> ToxicClasses.of(List.of("negative", "positive"), null))
                .hasMessageContaining("--toxic");
        assertThatThrownBy(() -> ToxicClasses.of(List.of("NOT", "OFF"), List.of("HATE")))
                .hasMessageContaining("not a class");
    }
}
