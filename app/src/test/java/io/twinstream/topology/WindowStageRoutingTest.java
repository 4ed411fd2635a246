package io.twinstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.Window;
import io.twinstream.avro.internal.SeriesState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowStageRoutingTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path otherStateDir;

    @Test
    void shouldWindowPointsWhoseKeyIsMissingOrNotTheirSeries() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "3", "window.stride", "1"))) {
            fixture.sendRaw(null, TopologyFixture.POINTS.encode(TopologyFixture.point("s", 1, 1.0)));
            fixture.sendRaw("other", TopologyFixture.POINTS.encode(TopologyFixture.point("s", 2, 2.0)));
            fixture.send("s", 3, 3.0);
            final List<Window> windows = fixture.windows();
            assertEquals(1, windows.size());
            assertEquals(List.of(1.0, 2.0, 3.0), windows.get(0).getRaw());
            assertEquals(0, fixture.metrics.deadLetters());
        }
    }

    @Test
    void shouldCarryMultivariatePointsStepMajor() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("window.length", "2", "window.stride", "2"))) {
            fixture.send("m", 1, 1.0, 10.0, 100.0);
            fixture.send("m", 2, 2.0, 20.0, 200.0);
            final Window window = fixture.windows().get(0);
            assertEquals(3, window.getFeatures());
            assertEquals(List.of(1.0, 10.0, 100.0, 2.0, 20.0, 200.0), window.getRaw());
            assertEquals(3, window.getMean().size());
            assertEquals(List.of(-1.0, -1.0, -1.0, 1.0, 1.0, 1.0), window.getValues());
        }
    }

    @Test
    void shouldContinueExactlyWhereItStoppedFromTheStoredState() {
        final Map<String, String> settings = Map.of("window.length", "5", "window.stride", "3");
        final List<Window> uninterrupted;
        try (TopologyFixture fixture = new TopologyFixture(otherStateDir, settings)) {
            for (int i = 0; i < 30; i++) {
                fixture.send("s", 100L * i, Math.sin(i));
            }
            uninterrupted = fixture.windows();
        }
        final List<KeyValue<String, SeriesState>> saved = new ArrayList<>();
        final List<Window> restarted = new ArrayList<>();
        try (TopologyFixture first = new TopologyFixture(stateDir, settings)) {
            for (int i = 0; i < 13; i++) {
                first.send("s", 100L * i, Math.sin(i));
            }
            restarted.addAll(first.windows());
            final KeyValueStore<String, SeriesState> store = first.driver.getKeyValueStore("series-state");
            try (KeyValueIterator<String, SeriesState> all = store.all()) {
                all.forEachRemaining(saved::add);
            }
        }
        // a new instance whose store holds only what the first one left
        try (TopologyFixture second = new TopologyFixture(otherStateDir.resolve("restart"), settings)) {
            final KeyValueStore<String, SeriesState> store = second.driver.getKeyValueStore("series-state");
            saved.forEach(entry -> store.put(entry.key, entry.value));
            for (int i = 13; i < 30; i++) {
                second.send("s", 100L * i, Math.sin(i));
            }
            restarted.addAll(second.windows());
        }
        assertEquals(uninterrupted, restarted);
        assertEquals(9, restarted.size());
    }

    @Test
    void shouldSampleAboutTheConfiguredShareOfWindowsForTraining() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir,
                Map.of("window.length", "2", "window.stride", "1", "training.sample-rate", "0.25"))) {
            for (int i = 0; i < 4_001; i++) {
                fixture.send("series-" + (i % 4), i, i);
            }
            final int sampled = fixture.windows().size();
            assertEquals(3_997, fixture.metrics.windowsEmitted());
            assertEquals(sampled, fixture.metrics.windowsSampled());
            assertTrue(sampled > 850 && sampled < 1_150, "sampled " + sampled);
        }
    }

    @Test
    void shouldNotTrainOnWindowsCutWhileASeriesNormalisationSettles() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir,
                Map.of("window.length", "2", "window.stride", "1", "training.sample-rate", "1.0", "normalizer.settle-windows", "10"))) {
            for (int i = 0; i < 4 * 21; i++) {
                fixture.send("series-" + (i % 4), i, i);
            }
            // 20 windows per series, the first 10 of each still settling
            assertEquals(80, fixture.metrics.windowsEmitted());
            assertEquals(40, fixture.windows().size());
            assertTrue(fixture.windows().stream().allMatch(window -> window.getSequence() >= 10));
        }
    }
}
