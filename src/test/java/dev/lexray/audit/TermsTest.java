package dev.lexray.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.corpus.BiasMadlibs;
import dev.lexray.corpus.IdentityTerms;
import dev.lexray.corpus.LabelledText;
import dev.lexray.runtime.LexrayException;
import dev.lexray.train.IdentityAugmentation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Identity terms: the file, matching, madlibs per-term figures, counterfactual swaps and augmentation. */
class TermsTest {
    static IdentityTerms terms(String text) {
        return IdentityTerms.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theDefaultListIsDixonsFiftyTermsInSixCategories() {
        IdentityTerms d = IdentityTerms.defaults();
        assertThat(d.terms()).hasSize(50);
        assertThat(d.categories()).hasSize(6);
        assertThat(d.inCategory("religion")).contains("muslim", "jewish");
    }

    @Test
    void termsMatchWholeWordsAndTheLongestWins() {
        IdentityTerms d = IdentityTerms.defaults();
        List<IdentityTerms.Occurrence> found = d.find("An African  American woman and a gay man, not gayness");
        assertThat(found).extracting(o -> o.term().term()).containsExactly("african american", "gay");
        assertThat(found.get(0).start()).isEqualTo(3);
        assertThat(d.mentions("african american men", "african")).isTrue(); // Dixon et al.'s \bterm\b
        assertThat(d.mentions("gayness", "gay")).isFalse();
        assertThat(IdentityTerms.replace("a gay man", d.find("a gay man").get(0), "straight")).isEqualTo("a straight man");
    }

    @Test
    void aMalformedFileSaysWhatIsWrong() {
        assertThatThrownBy(() -> terms("gay\n[x]\n")).isInstanceOf(LexrayException.class)
                .hasMessageContaining("test:1").hasMessageContaining("before any [category]");
        assertThatThrownBy(() -> terms("[x]\na\na\n")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> terms("# nothing\n")).hasMessageContaining("no identity terms");
    }

    @Test
    void madlibsRatesAndTheirEqualityDifferences() {
        IdentityTerms t = terms("[g]\nalpha\nbeta\n");
        List<BiasMadlibs.Sentence> s = List.of(new BiasMadlibs.Sentence("alpha good", false, "x"),
                new BiasMadlibs.Sentence("alpha bad", true, "x"), new BiasMadlibs.Sentence("beta good", false, "x"),
                new BiasMadlibs.Sentence("beta bad", true, "x"));
        MadlibsAudit m = MadlibsAudit.compute(s, new double[] {0.6, 0.7, 0.2, 0.4}, t, Map.of("beta", List.of("beta")));
        assertThat(m.fpr()).isEqualTo(0.5);
        assertThat(m.fnr()).isEqualTo(0.5);
        MadlibsAudit.TermResult alpha = m.terms().get(0);
        assertThat(alpha.fpr()).isEqualTo(1.0);
        assertThat(alpha.fnr()).isEqualTo(0.0);
        assertThat(alpha.meanToxic()).isCloseTo(0.65, within(1e-12));
        assertThat(alpha.known()).isTrue();
        assertThat(m.terms().get(1).known()).isFalse();
        assertThat(m.terms().get(1).unknownWords()).containsExactly("beta");
        assertThat(m.fped()).isCloseTo(1.0, within(1e-12)); // |.5 - 1| + |.5 - 0|
        assertThat(m.fned()).isCloseTo(1.0, within(1e-12));
        assertThat(alpha.bpsnAuc()).isEqualTo(0.0); // background toxic {.4} vs alpha's non-toxic {.6}
    }

    @Test
    void counterfactualsReportEachSwapsChange() {
        IdentityTerms t = terms("[g]\nalpha\nbeta\ngamma\n");
        Counterfactuals c = Counterfactuals.run(List.of("alpha x", "no term", "y gamma"),
                new double[] {0.5, 0.1, 0.5}, t,
                texts -> texts.stream().mapToDouble(x -> x.contains("beta") ? 0.9 : 0.5).toArray(),
                Map.of("gamma", false), 5);
        assertThat(c.textsWithTerms()).isEqualTo(2);
        assertThat(c.swaps()).isEqualTo(4);
        Counterfactuals.TermChange alpha = c.terms().get(0);
        assertThat(alpha.meanAbsChange()).isCloseTo(0.2, within(1e-12));
        assertThat(alpha.maxAbsChange()).isCloseTo(0.4, within(1e-12));
        assertThat(c.terms().get(1).meanChangeAsReplacement()).isCloseTo(0.4, within(1e-12));
        assertThat(c.terms().get(2).meanAbsChange()).isCloseTo(0.2, within(1e-12)); // gamma -> beta +.4, -> alpha 0
        assertThat(c.terms().get(2).known()).isFalse();
        assertThat(c.largest().get(0).replacement()).isEqualTo("beta");
        // each text once, with its largest swap; the tie of +.4 keeps input order
        assertThat(c.largest()).extracting(Counterfactuals.Swap::text).containsExactly("alpha x", "y gamma");
        for (Counterfactuals.Swap s : c.largest()) {
            assertThat(s.change()).isCloseTo(0.4, within(1e-12));
            assertThat(s.replacement()).isEqualTo("beta");
        }
    }

    @Test
    void augmentationAddsDistinctSwappedCopiesWithTheSameLabel() {
        IdentityTerms t = terms("[g]\nalpha\nbeta\ngamma\n[h]\nsolo\n");
        List<LabelledText> in = List.of(new LabelledText("1", "the alpha one", "bad"),
                new LabelledText("2", "nothing here", "ok"), new LabelledText("3", "solo", "ok"));
        List<LabelledText> out = IdentityAugmentation.augment(in, t, 2, 42);
        assertThat(out).hasSize(5);
        assertThat(out.subList(0, 3)).isEqualTo(in);
        assertThat(out.subList(3, 5)).extracting(LabelledText::text)
                .containsExactlyInAnyOrder("the beta one", "the gamma one");
        assertThat(out.subList(3, 5)).extracting(LabelledText::label).containsOnly("bad");
        assertThat(out.get(3).id()).isEqualTo("1#cf1");
        assertThat(IdentityAugmentation.augment(in, t, 2, 42)).isEqualTo(out);
    }
}
