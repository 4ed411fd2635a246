package io.twinstream.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Real sequences for judging synthetic ones, as the TimeGAN protocol prepares them: each {@code double[L*F]},
 * step-major, every value in [0, 1].
 *
 * @param name where they came from, for reports
 * @param sequences the sequences, in random order
 * @param length steps L per sequence
 * @param features values F per step
 * @param columns the features' names
 */
public record SequenceData(String name, List<double[]> sequences, int length, int features, List<String> columns) {

    /** TimeGAN's guard against a constant column in min-max scaling. */
    private static final double SCALE_EPSILON = 1e-7;

    public SequenceData {
        sequences = List.copyOf(sequences);
        columns = List.copyOf(columns);
    }

    /**
     * The Sines set as the protocol defines it: per sequence and feature a frequency and a phase drawn uniformly from
     * [0, 0.1), the values {@code sin(frequency * t + phase)} for t = 0..L-1 moved to [0, 1] by {@code (v + 1) / 2}.
     */
    public static SequenceData sines(final int count, final int length, final int features, final long seed) {
        final Random random = new Random(seed);
        final List<double[]> sequences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final double[] sequence = new double[length * features];
            for (int f = 0; f < features; f++) {
                final double frequency = random.nextDouble() * 0.1;
                final double phase = random.nextDouble() * 0.1;
                for (int t = 0; t < length; t++) {
                    sequence[t * features + f] = (Math.sin(frequency * t + phase) + 1) / 2;
                }
            }
            sequences.add(sequence);
        }
        final List<String> columns = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            columns.add("sine" + f);
        }
        return new SequenceData("Sines (" + count + " sequences of " + length + " steps x " + features + " features)", sequences, length,
                features, columns);
    }

    /**
     * The rows of a CSV of numeric columns (a first row with any non-numeric cell is taken as the header), each column
     * min-max scaled to [0, 1] over the whole file, cut into every window of {@code length} consecutive rows (stride 1)
     * and shuffled with {@code seed}.
     *
     * @throws IllegalArgumentException naming the line and column of a cell that is not a finite number, or when the
     *         file has fewer rows than {@code length}
     */
    public static SequenceData fromCsv(final Path file, final int length, final long seed) throws IOException {
        final List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        final boolean header = !allNumeric(lines.get(0).split(",", -1));
        final String[] first = lines.get(0).split(",", -1);
        final int features = first.length;
        final List<String> columns = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            columns.add(header ? first[f].trim() : "column" + f);
        }
        final List<double[]> rows = new ArrayList<>();
        for (int i = header ? 1 : 0; i < lines.size(); i++) {
            rows.add(parseRow(file, i + 1, lines.get(i), features, columns));
        }
        if (rows.size() < length) {
            throw new IllegalArgumentException(file + " has " + rows.size() + " rows of data; sequences of " + length + " steps need at least "
                    + length);
        }
        scaleColumns(rows, features);
        final List<double[]> sequences = new ArrayList<>(rows.size() - length + 1);
        for (int start = 0; start + length <= rows.size(); start++) {
            final double[] sequence = new double[length * features];
            for (int t = 0; t < length; t++) {
                System.arraycopy(rows.get(start + t), 0, sequence, t * features, features);
            }
            sequences.add(sequence);
        }
        Collections.shuffle(sequences, new Random(seed));
        return new SequenceData(file.getFileName() + " (" + rows.size() + " rows x " + features + " columns, " + sequences.size()
                + " windows of " + length + " steps)", sequences, length, features, columns);
    }

    private static boolean allNumeric(final String[] cells) {
        for (final String cell : cells) {
            try {
                Double.parseDouble(cell.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static double[] parseRow(final Path file, final int lineNumber, final String line, final int features, final List<String> columns) {
        final String[] cells = line.split(",", -1);
        if (cells.length != features) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " has " + cells.length + " cells; the first line has " + features);
        }
        final double[] row = new double[features];
        for (int f = 0; f < features; f++) {
            try {
                row[f] = Double.parseDouble(cells[f].trim());
            } catch (NumberFormatException e) {
                row[f] = Double.NaN;
            }
            if (!Double.isFinite(row[f])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d column '%s' is '%s', not a finite number", file,
                        lineNumber, columns.get(f), cells[f].trim()));
            }
        }
        return row;
    }

    /** (v - min) / (max - min + 1e-7) per column, in place. */
    private static void scaleColumns(final List<double[]> rows, final int features) {
        for (int f = 0; f < features; f++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (final double[] row : rows) {
                min = Math.min(min, row[f]);
                max = Math.max(max, row[f]);
            }
            for (final double[] row : rows) {
                row[f] = (row[f] - min) / (max - min + SCALE_EPSILON);
            }
        }
    }
}
