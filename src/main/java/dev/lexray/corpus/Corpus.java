package dev.lexray.corpus;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An opened corpus split: a stream of {@link LabelledText} read lazily from the files, with labels mapped to the
 * corpus' label names, records of other splits and dropped labels left out, and malformed records skipped (or
 * fatal in strict mode). Read it once, in try-with-resources:
 *
 * <pre>{@code
 * try (Corpus c = Corpora.open("sst2", "train", CorpusOptions.defaults())) {
 *     c.stream().forEach(t -> ...);
 *     System.out.print(c.summary().describe());
 * }
 * }</pre>
 */
public final class Corpus implements AutoCloseable, Iterable<LabelledText> {
    private final CorpusInfo info;
    private final CorpusReader reader;
    private final CorpusDescriptor descriptor;
    private final CorpusDescriptor.Split split;
    private final CorpusOptions options;
    private final Problems problems;
    private final Map<String, Long> labelCounts = new LinkedHashMap<>();
    private final Map<String, Long> excluded = new LinkedHashMap<>();
    private long records;
    private Stream<LabelledText> stream;

    Corpus(CorpusInfo info, CorpusReader reader, CorpusDescriptor descriptor, CorpusDescriptor.Split split,
           CorpusOptions options) {
        this.info = info;
        this.reader = reader;
        this.descriptor = descriptor;
        this.split = split;
        this.options = options;
        this.problems = new Problems(options.strict(), options.keepProblems());
        for (String l : info.labels()) {
            labelCounts.put(l, 0L);
        }
    }

    public CorpusInfo info() {
        return info;
    }

    /** The records. Can be called once; closing this corpus closes the stream. */
    public synchronized Stream<LabelledText> stream() {
        if (stream != null) {
            throw new IllegalStateException("a corpus is read once; open it again to read it again");
        }
        Stream<LabelledText> s = reader.read(problems);
        if (split != null && split.buckets() != null) {
            CorpusDescriptor.Partition partition = descriptor.partition();
            s = s.filter(t -> split.contains(partition.bucket(t.id())));
        }
        if (descriptor != null) {
            s = s.map(this::mapLabel).filter(Objects::nonNull);
        }
        if (options.limit() > 0) {
            s = s.limit(options.limit());
        }
        stream = s.peek(this::count);
        return stream;
    }

    @Override
    public Iterator<LabelledText> iterator() {
        return stream().iterator();
    }

    /** Reads every record into a list and closes the corpus. */
    public List<LabelledText> readAll() {
        try (this) {
            return stream().toList();
        }
    }

    /** Counts so far; complete after the stream has been consumed. */
    public synchronized ReadSummary summary() {
        return new ReadSummary(records, Collections.unmodifiableMap(new LinkedHashMap<>(labelCounts)),
                Collections.unmodifiableMap(new LinkedHashMap<>(excluded)), problems.count(), problems.first());
    }

    private LabelledText mapLabel(LabelledText t) {
        String raw = t.label();
        if (raw == null) {
            exclude("no label");
            return null;
        }
        if (!descriptor.knowsLabel(raw)) {
            problems.report("label " + Formats.show(raw) + " is not one of "
                    + String.join(", ", descriptor.labelMap().isEmpty() ? descriptor.labels() : descriptor.labelMap().keySet()));
            return null;
        }
        String name = descriptor.mapLabel(raw);
        if (name == null) {
            exclude("label " + raw + " dropped by " + descriptor.name());
            return null;
        }
        return name.equals(raw) ? t : t.withLabel(name);
    }

    private synchronized void exclude(String reason) {
        excluded.merge(reason, 1L, Long::sum);
    }

    private synchronized void count(LabelledText t) {
        records++;
        labelCounts.merge(t.label() == null ? ReadSummary.NO_LABEL : t.label(), 1L, Long::sum);
    }

    @Override
    public synchronized void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
