package dev.lexray.spark;

import dev.lexray.ClassRef;
import dev.lexray.Conservation;
import dev.lexray.ExplainOptions;
import dev.lexray.ExplainedTarget;
import dev.lexray.Explanation;
import dev.lexray.LexrayModel;
import dev.lexray.Target;
import dev.lexray.TextException;
import dev.lexray.TokenRelevance;
import dev.lexray.runtime.LexrayException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Explains one partition: takes the model from {@link ModelCache}, reads the rows a chunk at a time (the partition
 * is streamed, never held whole), explains each chunk with one call of {@link LexrayModel#explain(List,
 * ExplainOptions)} (which sorts it into padded batches of similar length) and appends the explanation's columns to
 * every row. A row that cannot be explained (null or
 * empty text, no known word, or any other failure of that text alone) gets its {@code error} column set instead.
 */
final class ExplainPartitions implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int textIndex;
    private final SparkExplainOptions options;

    ExplainPartitions(int textIndex, SparkExplainOptions options) {
        this.textIndex = textIndex;
        this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows; // an empty partition loads no model
        }
        LexrayModel model = ModelCache.get(options.modelDir());
        ExplainOptions explainOptions = options.toExplainOptions(model.labels());
        checkTarget(explainOptions.target(), model.labels());
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<Row> batch = new ArrayList<>(options.chunkSize());
                while (batch.size() < options.chunkSize() && rows.hasNext()) {
                    batch.add(rows.next());
                }
                if (!batch.isEmpty()) {
                    ready.addAll(explainBatch(model, explainOptions, batch));
                }
                return next < ready.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    /** A target that names no class of this model is the job's mistake, not a row's: it fails the task. */
    private static void checkTarget(Target target, List<String> labels) {
        if (target instanceof Target.Contrast c) {
            checkTarget(c.first(), labels);
            checkTarget(c.second(), labels);
        } else {
            Target.resolve(target, labels, 0);
        }
    }

    private List<Row> explainBatch(LexrayModel model, ExplainOptions explainOptions, List<Row> batch) {
        Object[][] added = new Object[batch.size()][];
        List<Integer> pending = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            if (r.isNullAt(textIndex)) {
                added[i] = error("the text is null");
            } else {
                pending.add(i);
            }
        }
        // A text the encoder rejects fails the whole call with its position: mark it and explain the rest.
        while (!pending.isEmpty()) {
            List<String> texts = pending.stream().map(i -> batch.get(i).getString(textIndex)).toList();
            try {
                List<Explanation> out = model.explain(texts, explainOptions);
                for (int j = 0; j < out.size(); j++) {
                    added[pending.get(j)] = columns(out.get(j));
                }
                pending.clear();
            } catch (TextException e) {
                added[pending.remove(e.index())] = error(e.reason());
            } catch (RuntimeException e) {
                // Anything else: explain the texts one by one, so that only the ones that fail are marked.
                for (int i : pending) {
                    added[i] = explainOne(model, explainOptions, batch.get(i).getString(textIndex));
                }
                pending.clear();
            }
        }
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(append(batch.get(i), added[i]));
        }
        return out;
    }

    private static Object[] explainOne(LexrayModel model, ExplainOptions options, String text) {
        try {
            return columns(model.explain(List.of(text), options).get(0));
        } catch (TextException e) {
            return error(e.reason());
        } catch (RuntimeException e) {
            return error(e instanceof LexrayException && e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Object[] error(String message) {
        return new Object[] {null, null, null, null, null, message};
    }

    /** The added columns of one explanation, in {@link LexraySpark#COLUMNS} order. */
    static Object[] columns(Explanation e) {
        List<Double> probabilities = new ArrayList<>(e.labels().size());
        for (double p : e.probabilities()) {
            probabilities.add(p);
        }
        ExplainedTarget t = e.target();
        Row target = RowFactory.create(t.index(), t.label(), t.versus() == null ? null : classRow(t.versus()));
        List<Row> tokens = new ArrayList<>(e.tokens().size());
        for (TokenRelevance tr : e.tokens()) {
            tokens.add(RowFactory.create(tr.text(), tr.start(), tr.end(), tr.relevance()));
        }
        Conservation c = e.conservation();
        Row conservation = RowFactory.create(c.sum(), c.specialTokens(), c.initialState(), c.targetScore(),
                c.residual());
        return new Object[] {classRow(e.predicted()), seq(probabilities), target, seq(tokens), conservation, null};
    }

    /** Spark's row encoder takes arrays as Scala sequences. */
    private static scala.collection.Seq<?> seq(List<?> list) {
        return CollectionConverters.asScala(list);
    }

    private static Row classRow(ClassRef c) {
        return RowFactory.create(c.index(), c.label());
    }

    private static Row append(Row row, Object[] added) {
        int n = row.length();
        Object[] values = new Object[n + added.length];
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(added, 0, values, n, added.length);
        return RowFactory.create(values);
    }
}
