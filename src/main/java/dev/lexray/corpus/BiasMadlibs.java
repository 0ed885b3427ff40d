package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;
import dev.lexray.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dixon et al. 2018's synthetic identity-term sentences ({@code bias_madlibs/bias_madlibs_77k.csv}: header
 * {@code Text,Label,Template}, every text double-quoted and free of quotes, label {@code BAD} or {@code NOT_BAD}).
 */
public final class BiasMadlibs {
    /** The file under the corpora folder. */
    public static final String FILE = "bias_madlibs/bias_madlibs_77k.csv";

    /** One templated sentence: toxic ({@code BAD}) or not by construction, and its template's name. */
    public record Sentence(String text, boolean toxic, String template) {}

    private BiasMadlibs() {}

    /** The file in the corpora folder ({@link Corpora#root()}). */
    public static Path defaultFile() {
        return Corpora.root().resolve(FILE);
    }

    public static List<Sentence> read(Path file) {
        List<Sentence> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); Utf8Lines lines = new Utf8Lines(in, file.toString(), false)) {
            Utf8Lines.Line header = lines.next();
            if (header == null || !header.text().equals("Text,Label,Template")) {
                throw new LexrayException(file + " does not start with the header Text,Label,Template: give Dixon et"
                        + " al.'s bias_madlibs_77k.csv");
            }
            for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
                String s = line.text();
                if (s.isBlank()) {
                    continue;
                }
                int close = s.lastIndexOf("\",");
                String[] rest = close > 0 ? s.substring(close + 2).split(",", -1) : new String[0];
                if (!s.startsWith("\"") || rest.length != 2 || !(rest[0].equals("BAD") || rest[0].equals("NOT_BAD"))) {
                    throw new LexrayException(file + ":" + line.number() + ": not a \"text\",BAD|NOT_BAD,template record");
                }
                out.add(new Sentence(s.substring(1, close), rest[0].equals("BAD"), rest[1]));
            }
        } catch (NoSuchFileException e) {
            throw new LexrayException("bias madlibs file " + file + " does not exist: give --madlibs FILE or put "
                    + FILE + " under the corpora folder");
        } catch (IOException e) {
            throw new LexrayException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }
}
