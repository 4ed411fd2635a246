package io.twinstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.generator.PointGenerator;
import io.twinstream.observe.ObservabilityServer;
import io.twinstream.observe.TwinstreamMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics, probes, the Grafana dashboard's queries and the live page, against a running service on an embedded broker;
 * the page in a real headless Chromium. promtool (Debian's prometheus package) and chromium are installed by CI; where
 * they are missing outside CI, the checks that need them are skipped.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "twinstream.json");
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "rate", "increase", "by", "without",
            "histogram_quantile", "le", "job", "instance", "area", "result", "network", "reason", "label_values", "heap", "how", "pace");

    @TempDir
    Path stateDir;

    @Test
    void shouldServeValidMetricsProbesAndALivePageWithData() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = Feed.smallLoop(broker, Map.of("state.dir", stateDir.toString(), "http.port", "0",
                    "metrics.series", "series-001", "normalizer.settle-windows", "4", "trainer.round-windows", "150",
                    "trainer.round-interval-ms", "1000", "synthetic.per-model", "2"));
            final TwinstreamMetrics metrics = Observability.newMetrics(config);
            final PointGenerator generator = new PointGenerator(4, 1, 300_000L, 0.0005, 5);
            final String base;
            try (TwinstreamService service = TwinstreamService.start(config, metrics);
                 TrainerService trainer = TrainerService.start(config, metrics);
                 ObservabilityServer http = Observability.serve(config, service, trainer, metrics);
                 PointPublisher publisher = new PointPublisher(config, 20_000)) {
                base = http.address();
                assertTrue(base.startsWith("http://127.0.0.1:"), base);
                Feed.waitFor(() -> service.state() == KafkaStreams.State.RUNNING, "the service to run");
                final HttpResponse<String> warming = get(base + "ready");
                assertEquals(200, warming.statusCode(), warming.body());
                assertTrue(warming.body().contains("warming up"), warming.body());

                Feed.send(publisher, generator, 2_400);
                Feed.waitFor(() -> service.currentModel().get() != null && metrics.syntheticSent() > 0, "a model and synthetic sequences");
                Feed.send(publisher, generator, 1_600);
                Feed.waitFor(() -> metrics.pointsIn() >= 4_000 && metrics.windowsScored() > 100, "every point read and windows scored");

                assertEquals("{\"status\":\"UP\"}", get(base + "health").body());
                final JsonNode ready = JSON.readTree(get(base + "ready").body());
                assertTrue(ready.get("ready").asBoolean(), ready.toString());
                assertTrue(ready.get("model").asText().startsWith("version "), ready.toString());

                final String exposition = get(base + "metrics").body();
                checkWithPromtool(exposition);
                final Map<String, Double> samples = samples(exposition);
                assertTrue(samples.get("twinstream_points_in_total") >= 4_000, "points in " + samples.get("twinstream_points_in_total"));
                assertTrue(samples.get("twinstream_windows_emitted_total") > 900);
                assertTrue(samples.get("twinstream_windows_scored_total") > 100);
                assertTrue(samples.get("twinstream_model_version") >= 1);
                assertTrue(samples.get("twinstream_model_age_seconds") >= 0 && samples.get("twinstream_model_age_seconds") < 300);
                assertTrue(samples.get("twinstream_scoring_latency_seconds_count") > 0);
                assertTrue(samples.get("twinstream_scoring_batch_size_windows_count") > 0);
                assertTrue(samples.get("twinstream_training_rounds_total{result=\"accepted\"}") >= 1);
                assertTrue(Double.isFinite(samples.get("twinstream_training_loss{network=\"generator\"}")));
                assertTrue(samples.get("twinstream_training_reservoir") > 0);
                assertTrue(samples.get("twinstream_synthetic_sent_total") >= 2);
                assertTrue(samples.containsKey("twinstream_dead_letters_total{reason=\"UNREADABLE\"}")
                        || samples.keySet().stream().anyMatch(key -> key.startsWith("twinstream_dead_letters_total{")));
                assertTrue(samples.containsKey("twinstream_series_gaps_total"));
                assertTrue(samples.containsKey("twinstream_anomalies_total"));
                assertTrue(samples.get("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}") != null
                        || names(samples).contains("jvm_memory_used_bytes"));
                assertTrue(names(samples).containsAll(List.of("process_cpu_usage", "process_uptime_seconds",
                        "kafka_stream_thread_process_rate", "kafka_consumer_fetch_manager_records_lag_max")), "Kafka Streams and JVM metrics");
                // only the listed series is a label value anywhere
                final Set<String> seriesLabels = new HashSet<>();
                final Matcher labels = Pattern.compile("series=\"([^\"]*)\"").matcher(exposition);
                while (labels.find()) {
                    seriesLabels.add(labels.group(1));
                }
                assertEquals(Set.of("series-001"), seriesLabels);
                assertTrue(samples.get("twinstream_series_windows_scored_total{series=\"series-001\"}") > 0);

                checkDashboardQueries(names(samples));
                checkLiveEndpoints(base);
                checkLivePageInChromium(base);
            }
            // the server outlives the service here only to show that readiness follows the streams
        }
    }

    @Test
    void shouldSayWhyItIsNotReady() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, Map.of())) {
            final TwinstreamConfig config = ClusterSetup.prepare(TwinstreamConfig.of(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "state.dir", stateDir.toString(), "http.port", "0")));
            final TwinstreamMetrics metrics = Observability.newMetrics(config);
            final TwinstreamService service = TwinstreamService.start(config, metrics);
            try (ObservabilityServer http = Observability.serve(config, service, null, metrics)) {
                Feed.waitFor(() -> service.state() == KafkaStreams.State.RUNNING, "the service to run");
                assertEquals(200, get(http.address() + "ready").statusCode());
                service.close();
                final HttpResponse<String> stopped = get(http.address() + "ready");
                assertEquals(503, stopped.statusCode());
                final JsonNode body = JSON.readTree(stopped.body());
                assertFalse(body.get("ready").asBoolean());
                assertEquals("Kafka Streams is NOT_RUNNING, not RUNNING", body.get("reasons").get(0).asText());
                assertEquals(200, get(http.address() + "health").statusCode());
                assertEquals(404, get(http.address() + "nothing-here").statusCode());
                assertEquals(400, get(http.address() + "api/history").statusCode());
            }
        }
    }

    /** promtool parses the exposition; its style lints may flag Kafka's own metric names, never Twinstream's. */
    private static void checkWithPromtool(final String exposition) throws IOException, InterruptedException {
        final Path promtool = Path.of("/usr/bin/promtool");
        if (!requireTool(promtool)) {
            return;
        }
        final Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertFalse(output.contains("parsing error"), output);
        assertNotEquals(1, process.exitValue(), output);
        assertTrue(output.lines().noneMatch(line -> line.startsWith("twinstream_")), "lint problems in our metrics: " + output);
    }

    /** Every metric name in the dashboard's queries is one the service exports. */
    private static void checkDashboardQueries(final Set<String> exported) throws IOException {
        final JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        final Set<String> used = new HashSet<>();
        int queries = 0;
        for (final JsonNode panel : dashboard.get("panels")) {
            for (final JsonNode target : panel.get("targets")) {
                queries++;
                final String expr = target.get("expr").asText().replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                        .replaceAll("\"[^\"]*\"", "");
                final Matcher words = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(expr);
                while (words.find()) {
                    if (!PROMQL_WORDS.contains(words.group())) {
                        used.add(words.group());
                    }
                }
            }
        }
        assertTrue(queries >= 10, "queries " + queries);
        final Set<String> unknown = new HashSet<>(used);
        unknown.removeAll(exported);
        assertEquals(Set.of(), unknown, "dashboard metric names the service does not export");
    }

    private static void checkLiveEndpoints(final String base) throws IOException, InterruptedException {
        final JsonNode series = JSON.readTree(get(base + "api/series").body()).get("series");
        assertEquals(4, series.size());
        final JsonNode history = JSON.readTree(get(base + "api/history?series=series-001").body());
        assertTrue(history.get("values").size() > 100);
        assertEquals(history.get("values").size(), history.get("times").size());
        assertTrue(history.get("scores").size() > 20);
        assertTrue(history.get("anomalies").isArray(), history.toString());
        final JsonNode synthetic = JSON.readTree(get(base + "api/synthetic").body());
        assertEquals(16, synthetic.get("synthetic").size());
        final JsonNode model = JSON.readTree(get(base + "api/model").body());
        assertEquals("LOADED", model.get("state").asText());
        assertTrue(model.get("generatorLosses").size() > 0);
    }

    /** The page in headless Chromium: no script errors, data in every chart, a screenshot kept in target/. */
    private static void checkLivePageInChromium(final String base) throws IOException, InterruptedException {
        final Path chromium = Path.of("/usr/bin/chromium");
        if (!requireTool(chromium)) {
            return;
        }
        final Chromium.Result dom = Chromium.run(chromium, "--dump-dom", base);
        assertTrue(dom.stderr().lines().noneMatch(line -> line.contains("Uncaught") || line.contains("CONSOLE(") && line.contains("Error")),
                "script errors: " + dom.stderr());
        final String html = dom.stdout();
        for (final String chart : List.of("values", "scores", "synthetic", "losses")) {
            final Matcher points = Pattern.compile("<svg id=\"" + chart + "\" data-points=\"(\\d+)\"").matcher(html);
            assertTrue(points.find(), "chart " + chart + " in " + html);
            assertTrue(Integer.parseInt(points.group(1)) > 0, "chart " + chart + " has data");
        }
        assertTrue(Pattern.compile("<svg id=\"values\" data-points=\"\\d+\" data-flagged=\"\\d+\" data-anomalies=\"\\d+\"").matcher(html).find(),
                "flagged windows and reported anomalies counted on the values chart: " + html);
        assertTrue(html.contains("<div id=\"errors\"></div>"), "no errors shown on the page");
        Files.deleteIfExists(SCREENSHOT);
        Chromium.run(chromium, "--screenshot=" + SCREENSHOT.toAbsolutePath(), base);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT);
    }

    /** Whether the tool is there; on CI it must be. */
    private static boolean requireTool(final Path tool) {
        final boolean present = Files.isExecutable(tool);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " is missing; .ci/run installs it");
        }
        Assumptions.assumeTrue(present, tool + " is not installed here");
        return present;
    }

    /** Parses sample lines to {name{labels} -> value}, and {name -> value} for unlabelled samples. */
    private static Map<String, Double> samples(final String exposition) {
        final Map<String, Double> samples = new HashMap<>();
        exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            final Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "sample line: " + line);
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
        });
        return samples;
    }

    private static Set<String> names(final Map<String, Double> samples) {
        final Set<String> names = new HashSet<>();
        samples.keySet().forEach(key -> names.add(key.contains("{") ? key.substring(0, key.indexOf('{')) : key));
        return names;
    }

    private static HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
