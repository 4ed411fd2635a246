package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.GanTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerServiceTest {

    @Test
    void shouldRefuseAModelTooLargeForTheModelsTopicNamingTheSettingsThatSizeIt() {
        final GanSnapshot model = new GanTrainer(GanConfig.from(TwinstreamConfig.of(Map.of("model.hidden-size", "4", "model.layers", "1",
                "model.latent-size", "2", "window.length", "8")))).snapshot(3, 0, List.of());
        final int largest = ClusterSetup.MODELS_MAX_MESSAGE_BYTES - 1_024;
        TrainerService.checkFitsTheModelsTopic("twinstream", model, largest);
        final IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> TrainerService.checkFitsTheModelsTopic("twinstream", model, largest + 1));
        assertTrue(error.getMessage().startsWith("Model 'twinstream' version 3 is 16,776,193 bytes, more than the models topic takes (16,777,216)"),
                error.getMessage());
        assertTrue(error.getMessage().endsWith("lower model.hidden-size (4) or model.layers (1)"), error.getMessage());
        assertEquals(16_777_216, ClusterSetup.MODELS_MAX_MESSAGE_BYTES);
    }
}
