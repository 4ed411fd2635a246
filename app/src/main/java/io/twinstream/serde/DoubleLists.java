package io.twinstream.serde;

import java.util.ArrayList;
import java.util.List;

/** Converts between Avro {@code array<double>} fields ({@code List<Double>}) and {@code double[]}. */
public final class DoubleLists {

    private DoubleLists() {
    }

    public static double[] toArray(final List<Double> values) {
        final double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    public static List<Double> toList(final double[] values) {
        final List<Double> list = new ArrayList<>(values.length);
        for (final double value : values) {
            list.add(value);
        }
        return list;
    }
}
