package dev.lexray.eval;

import dev.lexray.corpus.Corpora;
import dev.lexray.corpus.Corpus;
import dev.lexray.corpus.CorpusInfo;
import dev.lexray.corpus.CorpusOptions;
import dev.lexray.corpus.LabelledText;
import dev.lexray.train.Example;
import java.util.ArrayList;
import java.util.List;

/** A labelled corpus split read into memory: what it is and its (text, label) examples. */
public record LabelledData(CorpusInfo info, List<Example> examples) {
    public LabelledData {
        examples = List.copyOf(examples);
    }

    /** Reads a named corpus (or a file) split, keeping labelled, non-blank texts. */
    public static LabelledData read(String nameOrPath, String split) {
        try (Corpus c = Corpora.open(nameOrPath, split, CorpusOptions.defaults())) {
            List<Example> examples = new ArrayList<>();
            for (LabelledText t : c) {
                if (t.label() != null && !t.text().isBlank()) {
                    examples.add(new Example(t.text(), t.label()));
                }
            }
            return new LabelledData(c.info(), examples);
        }
    }
}
