package io.twinstream.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads series from CSV in NAB layout: one series per file, series id from the file name, a header line, then
 * {@code timestamp,value[,value...]} rows. Timestamps are {@code yyyy-MM-dd HH:mm:ss} (UTC), ISO-8601, or epoch
 * milliseconds. A folder is read recursively, file by file in name order.
 */
final class CsvPointSource {

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Receives each row. */
    interface RowSink {
        void accept(String seriesId, long timestamp, double[] values) throws InterruptedException;
    }

    private CsvPointSource() {
    }

    /** The CSV files at {@code path}: the file itself, or every {@code .csv} below the folder. */
    static List<Path> files(final Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("No such file or folder: " + path);
        }
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + path, e);
        }
    }

    /** The series id of a file: its name without {@code .csv}. */
    static String seriesId(final Path file) {
        final String name = file.getFileName().toString();
        return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    /** Reads one file's rows in order; a malformed row fails with the file and line number. */
    static long read(final Path file, final RowSink sink) throws InterruptedException {
        final String seriesId = seriesId(file);
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine(); // header
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] cells = line.split(",");
                if (cells.length < 2) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": expected timestamp,value but found '" + line + "'");
                }
                final double[] values = new double[cells.length - 1];
                try {
                    for (int i = 1; i < cells.length; i++) {
                        values[i - 1] = Double.parseDouble(cells[i].trim());
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": not a number in '" + line + "'", e);
                }
                sink.accept(seriesId, parseTime(cells[0].trim(), file, lineNumber), values);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return rows;
    }

    static long parseTime(final String text, final Path file, final int lineNumber) {
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return LocalDateTime.parse(text, NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": cannot read timestamp '" + text
                    + "' (expected yyyy-MM-dd HH:mm:ss, ISO-8601 or epoch milliseconds)", e);
        }
    }
}
