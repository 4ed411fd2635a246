package io.twinstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the deploy files without a container engine: they parse, and their ports, probes, paths and
 * settings agree with the service's real configuration keys and defaults.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int HTTP_PORT = Integer.parseInt(Settings.HTTP_PORT.defaultValue());

    @Test
    void shouldBuildInStagesAndRunAsANonRootUserWithAHealthCheck() throws IOException {
        final List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile"));
        assertTrue(lines.stream().filter(line -> line.startsWith("FROM ")).count() >= 2, "multi-stage");
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("COPY --from=build ")));
        final String user = lines.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5).trim();
        assertFalse(user.equals("root") || user.equals("0"), "runs as " + user);
        final String dockerfile = String.join("\n", lines);
        assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("http://127.0.0.1:" + HTTP_PORT + "/health"));
        assertTrue(dockerfile.contains("EXPOSE " + HTTP_PORT));
        assertTrue(dockerfile.contains("OMP_NUM_THREADS=1"));
        assertTrue(dockerfile.contains("-XX:MaxRAMPercentage="), "the heap follows the container's limit");
        final TwinstreamConfig config = TwinstreamConfig.load(Map.of(), imageEnvironment(), Map.of());
        assertEquals(HTTP_PORT, config.get(Settings.HTTP_PORT));
        assertEquals("0.0.0.0", config.get(Settings.HTTP_HOST), "reachable from outside the container");
        assertTrue(dockerfile.contains("VOLUME [\"" + config.get(Settings.STATE_DIR) + "\"]"));
    }

    @Test
    void shouldComposeKafkaTwinstreamPrometheusAndGrafana() throws IOException {
        final JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        final JsonNode services = compose.get("services");
        for (final String service : List.of("kafka", "twinstream", "generator", "prometheus", "grafana")) {
            assertNotNull(services.get(service), service);
        }
        assertTrue(services.get("kafka").get("image").asText().startsWith("apache/kafka:"), "the official Apache Kafka image");
        final JsonNode kafka = services.get("kafka").get("environment");
        assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES").asText(), "KRaft");
        assertEquals("1", kafka.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText(), "exactly-once on one broker");
        assertEquals("1", kafka.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText());

        final JsonNode twinstream = services.get("twinstream");
        final TwinstreamConfig config = TwinstreamConfig.load(Map.of(), environment(twinstream.get("environment")), Map.of());
        assertEquals("kafka:9092", config.get(Settings.BOOTSTRAP_SERVERS));
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").asText().contains("kafka:9092"));
        assertEquals("127.0.0.1:" + config.get(Settings.HTTP_PORT) + ":" + config.get(Settings.HTTP_PORT), twinstream.get("ports").get(0).asText());
        assertEquals("deploy/Dockerfile", twinstream.get("build").get("dockerfile").asText());
        assertTrue(Files.exists(DEPLOY.resolve("..").resolve(twinstream.get("build").get("dockerfile").asText())));
        final String imageStateDir = TwinstreamConfig.load(Map.of(), imageEnvironment(), Map.of()).get(Settings.STATE_DIR);
        assertTrue(twinstream.get("volumes").get(0).asText().endsWith(":" + imageStateDir));

        final JsonNode generator = services.get("generator");
        assertEquals("produce", generator.get("command").get(0).asText());
        TwinstreamConfig.load(Map.of(), environment(generator.get("environment")), Map.of());

        // Prometheus scrapes the service where it listens; Grafana gets the data source and the dashboard
        final JsonNode prometheus = services.get("prometheus");
        assertEquals("./grafana/prometheus.yml:/etc/prometheus/prometheus.yml:ro", prometheus.get("volumes").get(0).asText());
        final JsonNode scrape = YAML.readTree(DEPLOY.resolve("grafana/prometheus.yml").toFile()).get("scrape_configs").get(0);
        assertEquals("/metrics", scrape.get("metrics_path").asText());
        assertEquals("twinstream:" + config.get(Settings.HTTP_PORT), scrape.get("static_configs").get(0).get("targets").get(0).asText());
        final List<String> grafanaVolumes = texts(services.get("grafana").get("volumes"));
        assertTrue(grafanaVolumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"));
        assertTrue(grafanaVolumes.contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro"));
        final JsonNode provider = YAML.readTree(DEPLOY.resolve("grafana/provisioning/dashboards/twinstream.yml").toFile());
        assertEquals("/var/lib/grafana/dashboards", provider.get("providers").get(0).get("options").get("path").asText());
        final JsonNode source = YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
        assertEquals("http://prometheus:9090", source.get("datasources").get(0).get("url").asText());
        assertTrue(Files.exists(DEPLOY.resolve("grafana/dashboards/twinstream.json")));
    }

    @Test
    void shouldGiveKubernetesProbesPortsVolumesAndSettingsThatMatchTheService() throws IOException {
        final Map<String, JsonNode> byKind = new HashMap<>();
        final List<JsonNode> services = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (final Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    for (final JsonNode document : documents.readAll()) {
                        final String kind = document.get("kind").asText();
                        if (kind.equals("Service")) {
                            services.add(document);
                        } else {
                            byKind.put(kind, document);
                        }
                    }
                }
            }
        }
        final Map<String, String> shared = environment(byKind.get("ConfigMap").get("data"));
        shared.putAll(environment(byKind.get("Secret").get("stringData")));
        final TwinstreamConfig config = TwinstreamConfig.load(Map.of(), shared, Map.of());
        assertTrue(config.kafkaSettings().get("sasl.jaas.config").contains("ScramLoginModule"), "credentials from the secret");
        assertEquals("SCRAM-SHA-512", config.kafkaSettings().get("sasl.mechanism"));
        assertEquals("0.0.0.0", config.get(Settings.HTTP_HOST));

        final JsonNode scorer = byKind.get("StatefulSet");
        final JsonNode trainer = byKind.get("Deployment");
        assertEquals(1, trainer.get("spec").get("replicas").asInt(), "one trainer");
        for (final JsonNode workload : List.of(scorer, trainer)) {
            final JsonNode pod = workload.get("spec").get("template").get("spec");
            final JsonNode container = pod.get("containers").get(0);
            final Map<String, String> environment = new HashMap<>(shared);
            for (final JsonNode variable : container.get("env")) {
                environment.put(variable.get("name").asText(), variable.get("value").asText());
            }
            final TwinstreamConfig own = TwinstreamConfig.load(Map.of(), environment, Map.of());
            assertEquals(workload == trainer, own.get(Settings.TRAINER_ENABLED), workload.get("metadata").get("name").asText());
            assertEquals("1", environment.get("OMP_NUM_THREADS"));
            assertEquals(own.get(Settings.HTTP_PORT), container.get("ports").get(0).get("containerPort").asInt());
            assertEquals("http", container.get("ports").get(0).get("name").asText());
            assertEquals("/health", container.get("livenessProbe").get("httpGet").get("path").asText());
            assertEquals("/ready", container.get("readinessProbe").get("httpGet").get("path").asText());
            assertEquals("http", container.get("readinessProbe").get("httpGet").get("port").asText());
            assertNotNull(container.get("resources").get("requests").get("cpu"));
            assertNotNull(container.get("resources").get("limits").get("memory"));
            assertTrue(pod.get("securityContext").get("runAsNonRoot").asBoolean());
            assertEquals(own.get(Settings.STATE_DIR), container.get("volumeMounts").get(0).get("mountPath").asText());
            final List<String> sources = new ArrayList<>();
            container.get("envFrom").forEach(from -> from.properties().forEach(entry -> sources.add(entry.getValue().get("name").asText())));
            assertEquals(List.of("twinstream", "twinstream-kafka"), sources);
        }
        assertEquals("state", scorer.get("spec").get("volumeClaimTemplates").get(0).get("metadata").get("name").asText(),
                "scorers keep their state on a volume");
        assertEquals(2, services.size());
        for (final JsonNode service : services) {
            assertEquals(HTTP_PORT, service.get("spec").get("ports").get(0).get("port").asInt());
        }
    }

    /** The TWINSTREAM_* variables the image sets. */
    private static Map<String, String> imageEnvironment() throws IOException {
        final Map<String, String> environment = new LinkedHashMap<>();
        final Matcher variable = Pattern.compile("(TWINSTREAM_[A-Z0-9_]+)=(\\S+)").matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
        while (variable.find()) {
            environment.put(variable.group(1), variable.group(2));
        }
        return environment;
    }

    private static Map<String, String> environment(final JsonNode variables) {
        final Map<String, String> environment = new HashMap<>();
        variables.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        return environment;
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
