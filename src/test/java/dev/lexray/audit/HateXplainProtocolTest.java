package dev.lexray.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.corpus.BiasMadlibs;
import dev.lexray.corpus.HateXplainAnnotations;
import dev.lexray.corpus.IdentityTerms;
import dev.lexray.testing.SharedData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protocol's populations on the real HateXplain test split and Dixon et al.'s madlibs, counted independently in
 * Python from the raw JSON/CSV (majority of 2 of 3 annotators for labels and targets).
 */
class HateXplainProtocolTest {
    @Test
    void communitySizesOfTheTestSplit() {
        List<HateXplainAnnotations.Post> posts =
                HateXplainAnnotations.read(List.of(SharedData.require("corpora/hatexplain/hatexplain_test.json")));
        assertThat(posts).hasSize(1924);
        assertThat(posts.stream().filter(p -> p.majorityLabel() == null)).isEmpty();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int inD = 0;
        for (HateXplainAnnotations.Post p : posts) {
            boolean any = false;
            for (String c : GroupAudit.COMMUNITIES) {
                if (p.majorityTargets().contains(c)) {
                    sizes.merge(c, 1, Integer::sum);
                    any = true;
                }
            }
            inD += any ? 1 : 0;
        }
        assertThat(inD).isEqualTo(1090);
        assertThat(sizes).containsEntry("African", 315).containsEntry("Islam", 194).containsEntry("Jewish", 188)
                .containsEntry("Homosexual", 182).containsEntry("Women", 147).containsEntry("Refugee", 85)
                .containsEntry("Arab", 67).containsEntry("Caucasian", 52).containsEntry("Asian", 36)
                .containsEntry("Hispanic", 35);
    }

    @Test
    void everyDefaultTermHasItsMadlibsSentences() {
        List<BiasMadlibs.Sentence> s =
                BiasMadlibs.read(SharedData.require("corpora/bias_madlibs/bias_madlibs_77k.csv"));
        assertThat(s).hasSize(76564);
        assertThat(s.stream().filter(BiasMadlibs.Sentence::toxic)).hasSize(38282);
        IdentityTerms d = IdentityTerms.defaults();
        // 1,514 per term; "african" and "american" also match "african american" (Dixon et al.'s \bterm\b).
        for (String t : List.of("gay", "middle eastern", "paralyzed")) {
            assertThat(s.stream().filter(x -> d.mentions(x.text(), t)).count()).as(t).isEqualTo(1514);
        }
        assertThat(s.stream().filter(x -> d.mentions(x.text(), "african")).count()).isEqualTo(3028);
    }
}
