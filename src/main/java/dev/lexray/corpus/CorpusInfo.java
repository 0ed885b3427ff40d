package dev.lexray.corpus;

import java.nio.file.Path;
import java.util.List;

/**
 * What an opened corpus split is.
 *
 * @param name     the corpus name, or the file path for a file opened by path
 * @param title    one line saying what it is
 * @param format   the reader used
 * @param split    the split, or {@code null} for a file opened by path
 * @param labels   the label names in class order; empty when not known in advance (files opened by path)
 * @param files    the files read
 * @param citation the paper(s) to cite (empty for your own files)
 * @param licence  the licence or terms (empty for your own files)
 */
public record CorpusInfo(String name, String title, String format, String split, List<String> labels, List<Path> files,
                         String citation, String licence) {
    public CorpusInfo {
        labels = List.copyOf(labels);
        files = List.copyOf(files);
    }
}
