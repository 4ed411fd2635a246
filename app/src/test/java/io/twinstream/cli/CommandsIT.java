package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.avro.DataPoint;
import io.twinstream.config.ProcessingGuarantee;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.serde.AvroSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' cluster-facing behaviour on real embedded brokers. */
class CommandsIT {

    private static final AvroSerde<DataPoint> POINTS = AvroSerde.of(DataPoint.class);

    @TempDir
    Path dir;

    @Test
    void shouldProduceGeneratorPointsAndLabels() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final Path labels = dir.resolve("labels.csv");
            final int code = Main.execute("produce", "--generator", "--count", "500", "--rate", "100000", "--labels", labels.toString(),
                    "--bootstrap.servers", broker.bootstrapServers(), "--generator.series", "2", "--generator.anomaly-rate", "0.05",
                    "--generator.step-ms", "3600000", "--generator.bad-record-rate", "0");
            assertEquals(0, code);
            final List<DataPoint> points = TopicReader.read(broker.bootstrapServers(), "points", 500, Duration.ofSeconds(30),
                    Duration.ofMillis(500), record -> POINTS.decode(record.value()));
            assertEquals(500, points.size());
            assertEquals(250, points.stream().filter(p -> p.getSeriesId().equals("series-001")).count());
            final List<String> lines = Files.readAllLines(labels);
            assertEquals("seriesId,kind,startTime,endTime", lines.get(0));
            assertTrue(lines.size() > 1, "a 5% anomaly rate over 500 hourly points injects anomalies after the two-day warm-up");
        }
    }

    @Test
    void shouldProduceCsvFilesAsSeries() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            Files.writeString(dir.resolve("machine_temp.csv"), "timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,2.5\n");
            assertEquals(0, Main.execute("produce", "--csv", dir.toString(), "--bootstrap.servers", broker.bootstrapServers()));
            final List<DataPoint> points = TopicReader.read(broker.bootstrapServers(), "points", 2, Duration.ofSeconds(30),
                    Duration.ofMillis(500), record -> POINTS.decode(record.value()));
            assertEquals(List.of(new DataPoint("machine_temp", 1_388_534_400_000L, List.of(1.5)),
                    new DataPoint("machine_temp", 1_388_534_700_000L, List.of(2.5))), points);
        }
    }

    @Test
    void shouldFallBackToAtLeastOnceWhereTheClusterCannotRunTransactions() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of("transaction.state.log.replication.factor", "3"))) {
            final TwinstreamConfig config = ClusterSetup.prepare(TwinstreamConfig.of(Map.of("bootstrap.servers", broker.bootstrapServers())));
            assertEquals(ProcessingGuarantee.AT_LEAST_ONCE, config.get(Settings.PROCESSING_GUARANTEE));
        }
    }
}
