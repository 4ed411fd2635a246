package io.twinstream.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered list of named parameter (or gradient) tensors, each a flat {@code float[]} shared with the layer that uses it. */
final class ParameterSet {

    private final List<String> names = new ArrayList<>();
    private final List<float[]> tensors = new ArrayList<>();

    void add(final String name, final float[] tensor) {
        names.add(name);
        tensors.add(tensor);
    }

    List<String> names() {
        return Collections.unmodifiableList(names);
    }

    List<float[]> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** Total number of values. */
    int size() {
        int size = 0;
        for (final float[] tensor : tensors) {
            size += tensor.length;
        }
        return size;
    }

    void fill(final float value) {
        for (final float[] tensor : tensors) {
            java.util.Arrays.fill(tensor, value);
        }
    }

    /** Euclidean norm over all values. */
    double norm() {
        double sum = 0;
        for (final float[] tensor : tensors) {
            for (final float value : tensor) {
                sum += (double) value * value;
            }
        }
        return Math.sqrt(sum);
    }

    void scale(final float factor) {
        for (final float[] tensor : tensors) {
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] *= factor;
            }
        }
    }

    boolean allFinite() {
        for (final float[] tensor : tensors) {
            for (final float value : tensor) {
                if (!Float.isFinite(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** All values, in order, as one array. */
    float[] flatten() {
        final float[] flat = new float[size()];
        int at = 0;
        for (final float[] tensor : tensors) {
            System.arraycopy(tensor, 0, flat, at, tensor.length);
            at += tensor.length;
        }
        return flat;
    }

    /** Overwrites every tensor from a flat array made by {@link #flatten()} of a set of the same shapes. */
    void assign(final float[] flat) {
        if (flat.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " values, got " + flat.length);
        }
        int at = 0;
        for (final float[] tensor : tensors) {
            System.arraycopy(flat, at, tensor, 0, tensor.length);
            at += tensor.length;
        }
    }

    /** Copies every value of {@code other} (same shapes) into this set. */
    void copyFrom(final ParameterSet other) {
        for (int i = 0; i < tensors.size(); i++) {
            System.arraycopy(other.tensors.get(i), 0, tensors.get(i), 0, tensors.get(i).length);
        }
    }
}
