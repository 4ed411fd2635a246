package io.twinstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.topology.StreamsSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TwinstreamConfigTest {

    @Test
    void shouldTakeFlagsOverEnvironmentOverFileOverDefaults() {
        final TwinstreamConfig config = TwinstreamConfig.load(
                Map.of("window.length", "32", "window.stride", "4", "application.id", "from-file"),
                Map.of("TWINSTREAM_WINDOW_LENGTH", "48", "TWINSTREAM_APPLICATION_ID", "from-env", "PATH", "/bin"),
                Map.of("window.length", "40"));
        assertEquals(40, config.get(Settings.WINDOW_LENGTH));
        assertEquals("from-env", config.get(Settings.APPLICATION_ID));
        assertEquals(4, config.get(Settings.WINDOW_STRIDE));
        assertEquals(10_000, config.get(Settings.NORMALIZER_HORIZON));
    }

    @Test
    void shouldRefuseAnEnvironmentVariableThatNamesNoSetting() {
        final ConfigException error = assertThrows(ConfigException.class,
                () -> TwinstreamConfig.load(Map.of(), Map.of("TWINSTREAM_WINDOW_LENGHT", "48"), Map.of()));
        assertTrue(error.getMessage().startsWith("Unknown environment variable 'TWINSTREAM_WINDOW_LENGHT'"), error.getMessage());
        assertEquals("SCRAM-SHA-512", TwinstreamConfig.load(Map.of(), Map.of("TWINSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.of())
                .kafkaSettings().get("sasl.mechanism"));
    }

    @Test
    void shouldNameKeyValueAndAllowedRangeOfBadValue() {
        final ConfigException error = assertThrows(ConfigException.class, () -> TwinstreamConfig.of(Map.of("window.length", "abc")));
        assertEquals("Setting 'window.length' has value 'abc': expected an integer from 2 to 4096.", error.getMessage());
        final ConfigException outOfRange = assertThrows(ConfigException.class,
                () -> TwinstreamConfig.of(Map.of("training.sample-rate", "1.5")));
        assertTrue(outOfRange.getMessage().contains("'training.sample-rate' has value '1.5'"), outOfRange.getMessage());
        final ConfigException badChoice = assertThrows(ConfigException.class, () -> TwinstreamConfig.of(Map.of("input.format", "xml")));
        assertTrue(badChoice.getMessage().contains("expected one of avro, json"), badChoice.getMessage());
    }

    @Test
    void shouldRejectUnknownKeyAndStrideLongerThanWindow() {
        final ConfigException unknown = assertThrows(ConfigException.class, () -> TwinstreamConfig.of(Map.of("window.lenght", "3")));
        assertTrue(unknown.getMessage().contains("Unknown setting 'window.lenght'"), unknown.getMessage());
        final ConfigException stride = assertThrows(ConfigException.class,
                () -> TwinstreamConfig.of(Map.of("window.length", "8", "window.stride", "9")));
        assertTrue(stride.getMessage().contains("'window.stride' has value '9'"), stride.getMessage());
    }

    @Test
    void shouldRefuseATrainerThatCouldNeverHoldTheWindowsItWaitsFor() {
        final ConfigException rounds = assertThrows(ConfigException.class,
                () -> TwinstreamConfig.of(Map.of("trainer.reservoir-size", "200")));
        assertEquals("Setting 'trainer.min-windows' has value '256': must be at most trainer.reservoir-size (200), or no round would ever start.",
                rounds.getMessage());
        final ConfigException untrained = assertThrows(ConfigException.class,
                () -> TwinstreamConfig.of(Map.of("trainer.reservoir-size", "200", "trainer.min-windows", "200", "trainer.untrained-model-windows", "300")));
        assertTrue(untrained.getMessage().contains("'trainer.untrained-model-windows' has value '300': must be at most trainer.reservoir-size (200)"),
                untrained.getMessage());
        assertEquals(200, TwinstreamConfig.of(Map.of("trainer.reservoir-size", "200", "trainer.min-windows", "200")).get(Settings.TRAINER_MIN_WINDOWS));
    }

    @Test
    void shouldSettleACalibrationAtItsHistoryWhenThatHoldsFewerScoresThanTheSettledWindows() {
        assertEquals(300, TwinstreamConfig.defaults().settledWindows());
        assertEquals(200, TwinstreamConfig.of(Map.of("scoring.history", "200", "scoring.handover-windows", "50")).settledWindows());
        assertEquals(0, TwinstreamConfig.of(Map.of("scoring.settled-windows", "0")).settledWindows());
    }

    @Test
    void shouldPassKafkaSettingsThroughToEveryClient() {
        final TwinstreamConfig config = TwinstreamConfig.load(Map.of("kafka.security.protocol", "SASL_SSL"),
                Map.of("TWINSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.of("bootstrap.servers", "b:9092"));
        final Properties streams = StreamsSettings.from(config);
        assertEquals("SASL_SSL", streams.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", streams.get("sasl.mechanism"));
        assertEquals("b:9092", StreamsSettings.client(config).get("bootstrap.servers"));
        assertEquals("SASL_SSL", StreamsSettings.client(config).get("security.protocol"));
    }

    @Test
    void shouldPutOnePrefixBeforeEveryTopic() {
        final TopicNames topics = TwinstreamConfig.of(Map.of("topic.prefix", "prod.")).topics();
        assertEquals("prod.points", topics.points());
        assertEquals("prod.dead-letters", topics.deadLetters());
        assertTrue(topics.all().stream().allMatch(name -> name.startsWith("prod.")));
        assertEquals(7, topics.all().size());
    }

    @Test
    void shouldValidateOverridesOfAResolvedConfiguration() {
        final TwinstreamConfig config = TwinstreamConfig.of(Map.of("window.length", "16", "kafka.acks", "all"));
        final TwinstreamConfig changed = config.with(Map.of("bootstrap.servers", "x:1"));
        assertEquals(16, changed.get(Settings.WINDOW_LENGTH));
        assertEquals("all", changed.kafkaSettings().get("acks"));
        assertThrows(ConfigException.class, () -> config.with(Map.of("window.stride", "17")));
    }
}
