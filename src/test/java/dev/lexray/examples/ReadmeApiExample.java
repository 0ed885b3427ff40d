package dev.lexray.examples;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayJson;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's "Java API" snippet, verbatim between the markers, as a program: {@link ReadmeApiExampleTest} runs it
 * in a fresh JVM whose working directory holds {@code models/sentiment-bilstm-sst2} and {@code reviews.txt}, so the
 * snippet compiles and runs exactly as a reader would paste it. Change the README and this file together.
 */
public final class ReadmeApiExample {
    private ReadmeApiExample() {}

    public static void main(String[] args) throws IOException {
        // README:begin
        try (LexrayModel model = Lexray.load(Path.of("models/sentiment-bilstm-sst2"))) {
            // One text with the default options: LRP (epsilon rule), explaining the predicted class.
            Explanation e = model.explain("not bad at all, a charming little film");
            System.out.println(e.predicted().label());
            for (TokenRelevance t : e.tokens()) {
                System.out.printf("%s %+.3f%n", t.text(), t.relevance());
            }
            String json = LexrayJson.toLine(e); // exactly what `lexray explain` prints
            System.out.println(json);

            // A list, with options: the class to explain, the rule's parameters, the precision.
            ExplainOptions options = ExplainOptions.defaults().withTarget(Target.parse("negative"))
                    .withEpsilon(0.01, 1.0).withPrecision(Precision.FLOAT64);
            List<Explanation> many = model.explain(List.of("great", "dull and far too long"), options);
            System.out.println(many.get(1).target().label() + " " + many.get(1).conservation().sum());

            // Predictions only (the forward pass).
            for (Prediction p : model.predict(List.of("great", "dull and far too long"))) {
                System.out.println(p.predicted().label() + " " + p.text());
            }

            // A stream is explained lazily, a batch at a time: a file of any size in constant memory.
            try (Stream<String> lines = Files.lines(Path.of("reviews.txt"))) {
                model.explain(lines.filter(line -> !line.isBlank()), ExplainOptions.defaults())
                        .map(LexrayJson::toLine)
                        .forEach(System.out::println);
            }
        }
        // README:end
    }
}
