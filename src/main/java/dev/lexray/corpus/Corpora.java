package dev.lexray.corpus;

import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens corpora by name or by path.
 *
 * <p><b>Named corpora</b> are described by {@code corpora/<name>.json} (see {@link CorpusDescriptor}), looked for
 * in the working directory's {@code corpora/}, then in the repository's {@code corpora/}, then on the class path
 * ({@code lexray/corpora/}, where the build copies the repository's descriptors). Their files live under the
 * <b>corpora root</b>, the first of: the system property {@code lexray.corpora}, the environment variable
 * {@code LEXRAY_CORPORA}, {@code ../shared/corpora} relative to the working directory, and {@code ../shared/corpora}
 * relative to the repository root (found from where Lexray's classes are).
 *
 * <p><b>Files opened by path</b> are read by format: CSV, TSV or JSON Lines with named text and label columns,
 * plain text with one text per line, or any named format given in {@link CorpusOptions#format()}.
 */
public final class Corpora {
    /** The system property naming the corpora root. */
    public static final String ROOT_PROPERTY = "lexray.corpora";
    /** The environment variable naming the corpora root. */
    public static final String ROOT_ENV = "LEXRAY_CORPORA";
    /** The corpora that ship with Lexray (descriptors in the repository's {@code corpora/}). */
    public static final List<String> BUILT_IN = List.of(
            "sst2", "sst2-trees", "sst5", "davidson", "olid", "olid-b", "olid-c", "hatexplain", "eraser-movies", "uci-sentiment");

    /** The formats of the corpora readers (besides csv, tsv, jsonl and lines). */
    private static final List<String> NAMED_FORMATS = List.of(
            "sst-trees", "glue-sst2", "davidson-csv", "olid", "hatexplain", "eraser", "uci-sentiment");
    private static final String RESOURCE_DIR = "lexray/corpora/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private Corpora() {}

    /** {@link #open(String, String, CorpusOptions)} with the default options. */
    public static Corpus open(String nameOrPath, String split) {
        return open(nameOrPath, split, CorpusOptions.defaults());
    }

    /**
     * Opens a split of a named corpus ({@code split} {@code null}: its default split), or a file by path
     * ({@code split} must then be {@code null}). Nothing is read until the corpus' stream is consumed.
     *
     * @throws LexrayException for an unknown name or split, or missing files (the message says where it looked)
     */
    public static Corpus open(String nameOrPath, String split, CorpusOptions options) {
        if (NAME.matcher(nameOrPath).matches()) {
            Optional<CorpusDescriptor> d = findDescriptor(nameOrPath);
            if (d.isPresent()) {
                return open(d.get(), split, options);
            }
        }
        Path file = Path.of(nameOrPath);
        if (Files.exists(file)) {
            if (split != null) {
                throw new LexrayException("a file has no splits; open " + nameOrPath + " without a split, "
                        + "or name a corpus (" + String.join(", ", names()) + ")");
            }
            return openFile(file, options);
        }
        if (!NAME.matcher(nameOrPath).matches()) {
            throw new LexrayException("no file " + file.toAbsolutePath() + " (and it is not a corpus name). Named corpora: "
                    + String.join(", ", names()) + ".");
        }
        throw new LexrayException("no corpus named '" + nameOrPath + "' and no file " + file.toAbsolutePath()
                + ". Named corpora: " + String.join(", ", names()) + ". Descriptors are looked for in "
                + String.join(", ", descriptorPlaces(nameOrPath)) + ".");
    }

    /** Opens a split of a corpus described by {@code descriptor} ({@code split} {@code null}: its default split). */
    public static Corpus open(CorpusDescriptor descriptor, String split, CorpusOptions options) {
        return open(descriptor, root(), split, options);
    }

    /** Opens a split of a corpus described by {@code descriptor} whose files lie under {@code root}. */
    public static Corpus open(CorpusDescriptor descriptor, Path root, String split, CorpusOptions options) {
        String s = split != null ? split
                : descriptor.defaultSplit() != null ? descriptor.defaultSplit()
                : descriptor.splits().keySet().iterator().next();
        CorpusDescriptor.Split spec = descriptor.splits().get(s);
        if (spec == null) {
            throw new LexrayException("corpus " + descriptor.name() + " has no split '" + s + "'; its splits are "
                    + String.join(", ", descriptor.splits().keySet()) + (descriptor.note().isEmpty() ? "" : ". " + descriptor.note()));
        }
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : spec.files()) {
            Path p = root.resolve(f).normalize();
            files.add(p);
            if (!Files.exists(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new LexrayException("corpus " + descriptor.name() + " (" + s + ") needs " + String.join(", ", missing)
                    + ", not found in the corpora folder " + root + rootOrigin(root));
        }
        Map<String, String> params = new LinkedHashMap<>(descriptor.params());
        params.putAll(options.params());
        CorpusReader reader = reader(descriptor.format(), files, params, options);
        CorpusInfo info = new CorpusInfo(descriptor.name(), descriptor.title(), descriptor.format(), s, descriptor.labels(),
                files, descriptor.citation(), descriptor.licence());
        return new Corpus(info, reader, descriptor, spec, options);
    }

    /** Opens your own file: the format is {@link CorpusOptions#format()} or comes from the extension. */
    public static Corpus openFile(Path file, CorpusOptions options) {
        if (!Files.exists(file)) {
            throw new LexrayException("corpus file not found: " + file.toAbsolutePath());
        }
        String format = options.format();
        if (format == null) {
            TableReader.Format f = TableReader.Format.of(file);
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            format = f != null ? f.name().toLowerCase(Locale.ROOT) : n.endsWith(".txt") ? "lines" : null;
            if (format == null) {
                throw new LexrayException("cannot tell the format of " + file + " from its name; give one: "
                        + "csv, tsv, jsonl, lines, " + String.join(", ", NAMED_FORMATS));
            }
        }
        CorpusReader reader = reader(format, List.of(file), options.params(), options);
        CorpusInfo info = new CorpusInfo(file.toString(), "", format, null, List.of(), List.of(file), "", "");
        return new Corpus(info, reader, null, null, options);
    }

    /** The reader for {@code format} over {@code files}. */
    static CorpusReader reader(String format, List<Path> files, Map<String, String> params, CorpusOptions options) {
        return switch (format) {
            case "sst-trees" -> new SstTreeReader(files, options.phrases());
            case "glue-sst2" -> new GlueTsvReader(files);
            case "davidson-csv" -> new DavidsonCsvReader(files);
            case "uci-sentiment" -> new UciSentimentReader(files);
            case "hatexplain" -> new HateXplainReader(files, options.rationaleThreshold());
            case "olid" -> switch (files.size()) {
                case 1 -> OlidReader.training(files.get(0), params.get("level"));
                case 2 -> OlidReader.test(files.get(0), files.get(1));
                default -> throw new LexrayException("format olid takes the training file, or a test file and its labels file");
            };
            case "eraser" -> {
                if (files.size() != 2 || !Files.isDirectory(files.get(1))) {
                    throw new LexrayException("format eraser takes an annotations .jsonl file and the docs/ folder");
                }
                yield new EraserReader(files.get(0), files.get(1));
            }
            case "csv", "tsv", "jsonl" -> {
                var columns = new TableReader.Columns(options.textColumn(), options.labelColumn(), options.idColumn(), options.header());
                var f = TableReader.Format.valueOf(format.toUpperCase(Locale.ROOT));
                yield CorpusReader.concat(files.stream().map(p -> new TableReader(p, f, columns)).toList());
            }
            case "lines" -> new PlainLinesReader(files);
            default -> throw new LexrayException("unknown corpus format '" + format + "'; known: csv, tsv, jsonl, lines, "
                    + String.join(", ", NAMED_FORMATS));
        };
    }

    /** Reads a descriptor file (for a corpus of your own outside {@code corpora/}). */
    public static CorpusDescriptor readDescriptor(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CorpusDescriptor.parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new LexrayException("corpus descriptor not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The descriptor of a named corpus. */
    public static CorpusDescriptor descriptor(String name) {
        return findDescriptor(name).orElseThrow(() -> new LexrayException("no corpus named '" + name + "'. Named corpora: "
                + String.join(", ", names()) + ". Descriptors are looked for in " + String.join(", ", descriptorPlaces(name)) + "."));
    }

    /** The named corpora: the built-in ones and any other {@code corpora/*.json} where descriptors are looked for. */
    public static List<String> names() {
        TreeSet<String> all = new TreeSet<>(BUILT_IN);
        for (Path dir : descriptorDirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    all.add(n.substring(0, n.length() - ".json".length()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return List.copyOf(all);
    }

    private static Optional<CorpusDescriptor> findDescriptor(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        for (Path dir : descriptorDirs()) {
            Path p = dir.resolve(name + ".json");
            if (Files.isRegularFile(p)) {
                try (InputStream in = Files.newInputStream(p)) {
                    return Optional.of(named(CorpusDescriptor.parse(in, p.toString()), name, p.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
            }
        }
        try (InputStream in = Corpora.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".json")) {
            if (in != null) {
                return Optional.of(named(CorpusDescriptor.parse(in, "classpath:" + RESOURCE_DIR + name + ".json"), name,
                        RESOURCE_DIR + name + ".json"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static CorpusDescriptor named(CorpusDescriptor d, String name, String source) {
        if (!name.equals(d.name())) {
            throw new LexrayException("corpus descriptor " + source + " names itself '" + d.name() + "', not '" + name + "'");
        }
        return d;
    }

    private static List<Path> descriptorDirs() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("corpora").toAbsolutePath().normalize());
        repositoryRoot().map(r -> r.resolve("corpora")).filter(d -> !dirs.contains(d)).ifPresent(dirs::add);
        return dirs;
    }

    private static List<String> descriptorPlaces(String name) {
        List<String> places = new ArrayList<>();
        for (Path d : descriptorDirs()) {
            places.add(d.resolve(name + ".json").toString());
        }
        places.add("the class path at " + RESOURCE_DIR + name + ".json");
        return places;
    }

    /** The corpora root, if one of the places it is looked for exists (a root set explicitly is never replaced). */
    public static Optional<Path> findRoot() {
        for (RootCandidate c : rootCandidates()) {
            if (c.path() != null && Files.isDirectory(c.path())) {
                return Optional.of(c.path());
            }
            if (c.path() != null && c.explicit()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The corpora root.
     *
     * @throws LexrayException when it is not found, listing every place it was looked for
     */
    public static Path root() {
        return findRoot().orElseThrow(() -> {
            List<String> looked = new ArrayList<>();
            for (RootCandidate c : rootCandidates()) {
                if (c.path() == null) {
                    looked.add(c.how() + " (not set)");
                    continue;
                }
                looked.add(c.how() + " = " + c.path() + " (no such folder)");
                if (c.explicit()) {
                    looked.add("(a folder set explicitly is not replaced by the ../shared fallbacks)");
                    break;
                }
            }
            return new LexrayException("the corpora folder was not found. Looked at: " + String.join("; ", looked)
                    + ". Set " + ROOT_ENV + " or -D" + ROOT_PROPERTY
                    + " to the folder that holds the corpora (the one with SOURCES.md).");
        });
    }

    /** A place the corpora root is looked for; {@code path} is {@code null} for a property or variable not set. */
    private record RootCandidate(String how, Path path, boolean explicit) {}

    private static List<RootCandidate> rootCandidates() {
        List<RootCandidate> c = new ArrayList<>();
        c.add(new RootCandidate("-D" + ROOT_PROPERTY, pathOrNull(System.getProperty(ROOT_PROPERTY)), true));
        c.add(new RootCandidate("$" + ROOT_ENV, pathOrNull(System.getenv(ROOT_ENV)), true));
        Path fromCwd = Path.of("../shared/corpora").toAbsolutePath().normalize();
        c.add(new RootCandidate("../shared/corpora from the working directory", fromCwd, false));
        repositoryRoot().map(r -> r.resolve("../shared/corpora").normalize())
                .filter(p -> !p.equals(fromCwd))
                .ifPresent(p -> c.add(new RootCandidate("../shared/corpora from the repository", p, false)));
        return c;
    }

    private static String rootOrigin(Path root) {
        for (RootCandidate c : rootCandidates()) {
            if (root.toAbsolutePath().normalize().equals(c.path())) {
                return " (found from " + c.how() + ")";
            }
        }
        return "";
    }

    private static Path pathOrNull(String s) {
        return s == null || s.isBlank() ? null : Path.of(s).toAbsolutePath().normalize();
    }

    /** The repository Lexray runs from: the nearest folder above its classes or jar with a pom.xml and corpora/. */
    static Optional<Path> repositoryRoot() {
        try {
            var src = Corpora.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI()).toAbsolutePath();
            for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("corpora"))) {
                    return Optional.of(p.normalize());
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Checks every file of a named corpus against the SHA-256 in its descriptor (reads them all: a few seconds for
     * the large ones). A folder entry (ending in {@code /}) is checked by its manifest hash.
     */
    public static List<FileCheck> verify(String name) {
        return verify(descriptor(name), root());
    }

    /** {@link #verify(String)} for a descriptor whose files lie under {@code root}. */
    public static List<FileCheck> verify(CorpusDescriptor d, Path root) {
        List<FileCheck> out = new ArrayList<>();
        for (var e : d.files().entrySet()) {
            Path p = root.resolve(e.getKey()).normalize();
            String actual = !Files.exists(p) ? null : Files.isDirectory(p) ? manifestSha256(p) : sha256(p);
            out.add(new FileCheck(e.getKey(), p, e.getValue(), actual));
        }
        return out;
    }

    /** The SHA-256 of a file, as lowercase hex. */
    public static String sha256(Path file) {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The manifest hash of a folder: SHA-256 of the lines {@code <sha256>  <name>\n} of its files (not hidden ones)
     * in byte order of their names, which is what {@code LC_ALL=C sha256sum $(LC_ALL=C ls) | sha256sum} prints.
     */
    public static String manifestSha256(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> Files.isRegularFile(p)
                && !p.getFileName().toString().startsWith("."))) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        files.sort((a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b)));
        MessageDigest md = sha256();
        for (Path f : files) {
            md.update((sha256(f) + "  " + f.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] bytes(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
