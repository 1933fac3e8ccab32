package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourceLoad;
import dev.kiln.spi.LoadOutcome;
import dev.kiln.spi.LoadRequest;
import dev.kiln.spi.Loader;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code from: files}: loads the files matching {@code path} (a glob relative to the project
 * directory: {@code landing/sessions/*.jsonl}) that no earlier load committed. JSON lines
 * ({@code .jsonl}, {@code .ndjson}, {@code .json}, gzipped too) are read line by line and
 * normalised (parsed on a second thread by {@link JsonLinesReader}, staged on the caller's); CSV and
 * Parquet are read through an in-memory DuckDB, streaming. The files loaded are remembered in the
 * state, committed with the rows: each file is loaded once. A path {@code s3://bucket/prefix/*.jsonl}
 * reads objects on S3 ({@link S3Files}), each once per ETag.
 */
public final class FilesLoader implements Loader {

    @Override
    public String name() {
        return "files";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "format", "s3_endpoint", "s3_region", "aws_profile_name", "native_reader");
    }

    @Override
    public void validate(SourceLoad load, Problems problems) {
        Settings.require(load, problems, "from: files", "path");
        Object f = load.settings().get("format");
        if (f != null && !Set.of("jsonl", "csv", "parquet").contains(String.valueOf(f))) {
            problems.error("format", "'format: " + f + "' is not one of jsonl, csv, parquet.", null);
        }
        Object nativeReader = load.settings().get("native_reader");
        if (nativeReader != null && !(nativeReader instanceof Boolean)) {
            problems.error("native_reader", "'native_reader: " + nativeReader + "' is not true or false.",
                    "Write native_reader: false to load JSON lines record by record, or leave it out.");
        }
        Object endpoint = load.settings().get("s3_endpoint");
        if (endpoint != null && !String.valueOf(endpoint).matches("(?i)https?://.+")) {
            problems.error("s3_endpoint", "'s3_endpoint: " + endpoint + "' is not an http:// or https:// URL.",
                    "Give the S3-compatible endpoint's URL, e.g. http://127.0.0.1:9000, or leave it out for AWS S3.");
        }
    }

    @Override
    public LoadOutcome load(LoadRequest request) {
        Settings s = new Settings(request.load(), request.table().sourceName() + "." + request.table().name());
        LoadState state = request.fullRefresh() ? LoadState.EMPTY : LoadState.parse(request.sink().state());
        String glob = s.required("path");
        try (S3Files s3 = S3Files.isS3(glob) ? S3Files.open(s) : null) {
            List<SourceFile> files = s3 != null ? s3.newFiles(glob, state.files(), s.table())
                    : newFiles(request.projectRoot(), glob, state.files()).stream().<SourceFile>map(SourceFile.Local::new).toList();
            return load(request, s, state, files);
        }
    }

    private LoadOutcome load(LoadRequest request, Settings s, LoadState state, List<SourceFile> files) {
        Progress progress = new Progress(request.progress(), s.table());
        Set<String> seen = new LinkedHashSet<>(state.files());
        long skipped = 0;
        long staged;
        Cursor cursor = Cursor.of(s, state);
        if (files.isEmpty()) {
            request.progress().accept("no new files for " + s.table() + " under " + s.required("path"));
            return new LoadOutcome(0, 0, 0, "no new files");
        }
        String format = s.string("format", formatOf(Path.of(files.get(0).toString())));
        // merge and external_location always stage (the target would decline them anyway)
        long direct = "jsonl".equals(format) && cursor == null && !Boolean.FALSE.equals(request.load().settings().get("native_reader"))
                && !"merge".equals(request.load().disposition()) && request.table().externalLocation() == null
                && files.stream().allMatch(f -> f instanceof SourceFile.Local)
                ? NativeLoad.load(request, s, files.stream().map(f -> ((SourceFile.Local) f).path()).toList(), progress) : -1;
        if (direct >= 0) {
            files.forEach(f -> seen.add(f.id()));
            staged = direct;
        } else if ("jsonl".equals(format)) {
            Progress streamed = new Progress(request.progress(), s.table());
            progress = streamed;
            Normalizer n = new Normalizer(request.sink(), s.string("schema_contract"), request.loadId(), s.table());
            skipped += new JsonLinesReader(s, cursor).read(files, r -> {
                streamed.row(r.bytes);
                if (r.rows != null) {
                    n.add(r.rows);
                }
            });
            files.forEach(f -> seen.add(f.id()));
            staged = n.records();
            skipped += n.discarded();
        } else {
            staged = viaDuckDb(files, format, request, s, cursor, progress);
            files.forEach(f -> seen.add(f.id()));
        }
        LoadState next = new LoadState(cursor == null ? null : cursor.next(), seen);
        long committed = request.sink().commit(next.json());
        request.progress().accept(progress.line("loaded"));
        return new LoadOutcome(committed, progress.bytesRead(), skipped, "loaded " + staged + " rows from " + files.size()
                + " file(s) (" + Progress.size(progress.bytesRead()) + ")" + (skipped > 0 ? ", skipped " + skipped + " bad record(s)" : ""));
    }

    static String formatOf(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
        if (n.endsWith(".csv") || n.endsWith(".tsv")) {
            return "csv";
        }
        if (n.endsWith(".parquet")) {
            return "parquet";
        }
        return "jsonl";
    }

    /** Matching files not yet loaded, sorted by path. */
    static List<Path> newFiles(Path root, String glob, Set<String> loaded) {
        String pattern = glob.replace('\\', '/');
        int wild = firstWildcard(pattern);
        String fixed = wild < 0 ? pattern : pattern.substring(0, pattern.lastIndexOf('/', wild) + 1);
        Path base = root.resolve(fixed.isEmpty() ? "." : fixed).normalize();
        if (wild < 0) {
            Path one = root.resolve(pattern).normalize();
            return Files.isRegularFile(one) && !loaded.contains(one.toString()) ? List.of(one) : List.of();
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + root.resolve(pattern).normalize().toString().replace('\\', '/'));
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(Files::isRegularFile).map(Path::normalize)
                    .filter(p -> m.matches(Path.of(p.toString().replace('\\', '/'))))
                    .filter(p -> !loaded.contains(p.toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static long viaDuckDb(List<SourceFile> sources, String format, LoadRequest request, Settings s, Cursor cursor,
                                  Progress progress) {
        Path copies = null;
        try {
            if (sources.stream().anyMatch(f -> !(f instanceof SourceFile.Local))) {
                copies = Files.createTempDirectory("kiln-files-");
            }
            List<Path> files = new ArrayList<>();
            for (SourceFile f : sources) {
                files.add(f.local(copies));
            }
            return viaDuckDb(files, sources, format, request, s, cursor, progress);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read " + format + " files for " + s.table() + ": "
                    + e.getMessage(), e);
        } finally {
            if (copies != null) {
                try (Stream<Path> all = Files.walk(copies)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary folder
                }
            }
        }
    }

    private static long viaDuckDb(List<Path> files, List<SourceFile> sources, String format, LoadRequest request, Settings s,
                                  Cursor cursor, Progress progress) {
        List<String> quoted = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            quoted.add("'" + files.get(i).toString().replace("'", "''") + "'");
            bytes += sources.get(i).size();
        }
        String reader = "csv".equals(format) ? "read_csv([" + String.join(", ", quoted) + "], union_by_name = true)"
                : "read_parquet([" + String.join(", ", quoted) + "], union_by_name = true)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement()) {
            st.execute("set threads = 1");
            st.execute("set memory_limit = '128MB'");
            ResultSetRows rows = new ResultSetRows(request.sink(), s.string("schema_contract"), request.loadId(), s.table(), cursor);
            try (ResultSet rs = st.executeQuery("select * from " + reader)) {
                long n = rows.stageAll(rs, progress);
                progress.bytes(bytes);
                return n;
            }
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read " + format + " files for " + s.table() + " ("
                    + sources.get(0) + (files.size() > 1 ? " and " + (files.size() - 1) + " more" : "") + "): " + e.getMessage(), e);
        }
    }
}
