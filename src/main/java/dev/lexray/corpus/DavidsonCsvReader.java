package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Davidson et al. (2017) {@code labeled_data.csv}: RFC 4180 CSV with header
 * {@code ,count,hate_speech,offensive_language,neither,class,tweet}; the first column is the row index (the id),
 * {@code class} is the label ({@code "0"} hate speech, {@code "1"} offensive language, {@code "2"} neither) and the
 * tweet is kept raw: HTML entities such as {@code &amp;} and line breaks inside quoted tweets stay as they are.
 */
public final class DavidsonCsvReader implements CorpusReader {
    static final List<String> HEADER = List.of("", "count", "hate_speech", "offensive_language", "neither", "class", "tweet");
    private final List<Path> files;

    public DavidsonCsvReader(List<Path> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public Stream<LabelledText> read(Problems problems) {
        return RecordIterator.overFiles(files, problems, Records::new);
    }

    private static final class Records extends CsvIterator {
        Records(Path file, Problems problems) {
            super(file, problems, ',', true);
            List<String> header = nextFields();
            if (!HEADER.equals(header)) {
                close();
                throw new CorpusFormatException(new Problem(file, 1, "expected the Davidson et al. header "
                        + Formats.show(String.join(",", HEADER)) + " but found "
                        + (header == null ? "an empty file" : Formats.show(String.join(",", header)))), "");
            }
        }

        @Override
        protected LabelledText parse(List<String> f, long lineNumber) {
            if (f.size() != HEADER.size()) {
                problems.report("expected " + HEADER.size() + " fields, found " + f.size());
                return null;
            }
            String id = f.get(0);
            if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problems.report("row index " + Formats.show(id) + " is not a number");
                return null;
            }
            String label = f.get(5);
            if (!label.equals("0") && !label.equals("1") && !label.equals("2")) {
                problems.report("class " + Formats.show(label) + " is not 0, 1 or 2");
                return null;
            }
            return new LabelledText(id, f.get(6), label);
        }
    }
}
