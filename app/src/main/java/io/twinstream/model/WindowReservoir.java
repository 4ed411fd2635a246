package io.twinstream.model;

import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The trainer's memory of real windows, bounded: a uniform reservoir sample of the windows seen (training data) and,
 * apart from it, the most recent of every k-th window (held back, never trained on, for validating a round).
 * Windows are {@code double[L*F]}, normalised; each keeps the series id and statistics it came with.
 */
public final class WindowReservoir {

    /** The trainer holds back one window in this many. */
    private static final int HELD_BACK_EVERY = 10;
    /** Held-back windows needed before a model is made: fewer say too little about it. */
    private static final int MIN_HELD_BACK = 10;

    /**
     * A real window.
     *
     * @param seriesId series it was cut from
     * @param values normalised values, step-major
     * @param mean per-feature running mean the series had, in its units
     * @param std per-feature running standard deviation, in its units
     */
    public record Sample(String seriesId, double[] values, double[] mean, double[] std) {
    }

    private final int capacity;
    private final int heldBackCapacity;
    private final int heldBackEvery;
    private final Random random;
    private final List<Sample> training = new ArrayList<>();
    private final List<Sample> heldBack = new ArrayList<>();
    private long seen;
    private int heldBackNext;

    /**
     * @param capacity training windows kept
     * @param heldBackCapacity held-back windows kept (the newest)
     * @param heldBackEvery every this many windows one is held back
     */
    public WindowReservoir(final int capacity, final int heldBackCapacity, final int heldBackEvery, final long seed) {
        this.capacity = capacity;
        this.heldBackCapacity = heldBackCapacity;
        this.heldBackEvery = heldBackEvery;
        this.random = new Random(seed);
    }

    /** The reservoir the trainer keeps: sizes from {@code trainer.reservoir-size} and {@code trainer.held-back}. */
    public static WindowReservoir forTrainer(final TwinstreamConfig config, final long seed) {
        return new WindowReservoir(config.get(Settings.TRAINER_RESERVOIR_SIZE), config.get(Settings.TRAINER_HELD_BACK), HELD_BACK_EVERY, seed);
    }

    public void add(final Sample sample) {
        seen++;
        if (seen % heldBackEvery == 0) {
            if (heldBack.size() < heldBackCapacity) {
                heldBack.add(sample);
            } else {
                heldBack.set(heldBackNext, sample);
                heldBackNext = (heldBackNext + 1) % heldBackCapacity;
            }
            return;
        }
        if (training.size() < capacity) {
            training.add(sample);
        } else {
            final long slot = (long) (random.nextDouble() * seen);
            if (slot < capacity) {
                training.set((int) slot, sample);
            }
        }
    }

    /** {@code size} training windows drawn at random, with replacement. */
    public List<double[]> batch(final int size) {
        final List<double[]> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(training.get(random.nextInt(training.size())).values());
        }
        return batch;
    }

    /** Up to {@code size} training samples drawn at random without replacement (all of them when fewer). */
    public List<Sample> sample(final int size) {
        final List<Sample> copy = new ArrayList<>(training);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(size, copy.size()));
    }

    /** Whether a model can be made: at least {@code trainingWindows} training windows, and enough held back to judge it. */
    public boolean holds(final int trainingWindows) {
        return training.size() >= trainingWindows && heldBack.size() >= MIN_HELD_BACK;
    }

    /** Up to {@code size} training windows, in the order they are kept (no random draw, so later draws are as they would be without it). */
    public List<double[]> first(final int size) {
        return training.subList(0, Math.min(size, training.size())).stream().map(Sample::values).toList();
    }

    /** The held-back windows' values. */
    public List<double[]> heldBack() {
        return heldBack.stream().map(Sample::values).toList();
    }

    /** The held-back windows, oldest first. */
    public List<Sample> heldBackInOrder() {
        final List<Sample> inOrder = new ArrayList<>(heldBack.subList(heldBackNext, heldBack.size()));
        inOrder.addAll(heldBack.subList(0, heldBackNext));
        return inOrder;
    }

    public int trainingSize() {
        return training.size();
    }

    public int heldBackSize() {
        return heldBack.size();
    }

    /** Windows offered so far. */
    public long seen() {
        return seen;
    }
}
