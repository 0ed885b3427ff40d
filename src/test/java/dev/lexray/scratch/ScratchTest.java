package dev.lexray.scratch;

import dev.lexray.*;
import dev.lexray.testing.*;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @TempDir Path tmp;
    @Test
    void probe() {
        String unit = "the good movie is not a bad film . ";
        Random r = new Random(1);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = 1 + r.nextInt(12);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) b.append(TinyModels.VOCAB.get(2 + r.nextInt(10))).append(' ');
            texts.add(b.toString());
        }
        try (LexrayModel bag = Lexray.load(TinyModels.bagMlp(tmp.resolve("bag")));
             LexrayModel lstm = Lexray.load(TinyModels.bilstm(tmp.resolve("lstm")));
             LexrayModel bert = Lexray.load(SharedData.require("reference/bert-sst2-tiny"))) {
            for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            bag.explain(texts);
            System.out.println("bag 1000: " + (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            lstm.explain(texts.subList(0, 200));
            System.out.println("lstm 200: " + (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            bert.explain(texts.subList(0, 100));
            System.out.println("bert 100: " + (System.nanoTime() - t0) / 1e9);
            }
            long t0 = System.nanoTime();
            Prediction p = bert.predict(unit.repeat(1024 * 1024 / unit.length()));
            System.out.println("bert predict 1MB: " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
