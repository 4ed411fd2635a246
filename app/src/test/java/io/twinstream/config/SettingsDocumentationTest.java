package io.twinstream.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsDocumentationTest {

    @Test
    void shouldListEverySettingWithItsDefaultInTheReadme() throws Exception {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (final Setting<?> setting : Settings.ALL) {
            final String shown = setting.defaultValue().isEmpty() ? "(none)"
                    : "`" + setting.defaultValue().replace(System.getProperty("user.home"), "~") + "`";
            assertTrue(readme.contains("| `" + setting.key() + "` | " + shown + " |"),
                    "README settings table lacks " + setting.key() + " with default " + shown);
        }
    }
}
