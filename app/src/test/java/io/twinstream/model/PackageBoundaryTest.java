package io.twinstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PackageBoundaryTest {

    @Test
    void shouldKeepKafkaOutOfTheModelAndScoring() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src", "main", "java", "io", "twinstream", "model")),
                Files.walk(Path.of("src", "main", "java", "io", "twinstream", "scoring")))) {
            final List<String> offenders = files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> {
                        try {
                            return Files.readString(path).contains("import org.apache.kafka")
                                    || Files.readString(path).contains("import io.twinstream.serde.AvroSerde");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }
}
