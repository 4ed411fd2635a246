package io.twinstream.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder in the Numenta Anomaly Benchmark's layout: {@code <category>/<name>.csv} files of {@code timestamp,value}
 * rows, and a labels file ({@code combined_windows.json}) giving each file's anomaly windows as [start, end] times.
 */
public final class NabCorpus {

    /** Timestamps as NAB writes them: {@code 2014-04-10 07:15:00}, with optional fractions of a second. */
    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    /**
     * One file.
     *
     * @param name its path under the data folder, with '/' ({@code realKnownCause/nyc_taxi.csv}), as the labels name it
     * @param category its folder
     * @param times row times, ms since the epoch (read as UTC)
     * @param texts row times as written in the file
     * @param values row values
     * @param windows labelled windows as inclusive row ranges
     */
    public record DataFile(String name, String category, long[] times, List<String> texts, double[] values, List<int[]> windows) {
    }

    private NabCorpus() {
    }

    /** Reads every labelled CSV file under {@code dataDir}, in name order. */
    public static List<DataFile> read(final Path dataDir, final Path labelsFile) {
        final JsonNode labels;
        try {
            labels = new ObjectMapper().readTree(labelsFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the labels file " + labelsFile + ": " + e.getMessage(), e);
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(path -> path.toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dataDir + ": " + e.getMessage(), e);
        }
        final List<DataFile> corpus = new ArrayList<>();
        for (final Path file : files) {
            final String name = dataDir.relativize(file).toString().replace('\\', '/');
            final JsonNode windows = labels.get(name);
            if (windows == null) {
                throw new IllegalArgumentException("The labels file " + labelsFile + " has no entry for " + name);
            }
            corpus.add(readFile(file, name, windows));
        }
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("No CSV files under " + dataDir);
        }
        return corpus;
    }

    private static DataFile readFile(final Path file, final String name, final JsonNode windowsJson) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        final int rows = lines.size() - 1;
        final long[] times = new long[rows];
        final double[] values = new double[rows];
        final List<String> texts = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            final String line = lines.get(i + 1);
            final int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(file + " line " + (i + 2) + " is not 'timestamp,value': " + line);
            }
            texts.add(line.substring(0, comma));
            times[i] = parse(line.substring(0, comma));
            values[i] = Double.parseDouble(line.substring(comma + 1).trim());
        }
        final List<int[]> windows = new ArrayList<>();
        for (final JsonNode window : windowsJson) {
            final long start = parse(window.get(0).asText());
            final long end = parse(window.get(1).asText());
            int first = -1;
            int last = -1;
            for (int i = 0; i < rows; i++) {
                if (times[i] >= start && first < 0) {
                    first = i;
                }
                if (times[i] <= end) {
                    last = i;
                }
            }
            if (first >= 0 && last >= first) {
                windows.add(new int[] {first, last});
            }
        }
        final String category = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        return new DataFile(name, category, times, texts, values, windows);
    }

    static long parse(final String text) {
        return LocalDateTime.parse(text.trim(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
