package io.twinstream.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twinstream.avro.SyntheticSequence;
import io.twinstream.model.GanSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP port: {@code /metrics} (Prometheus text format), {@code /health} and {@code /ready} (JSON, for
 * probes), the live page at {@code /} and the small JSON endpoints it draws from ({@code /api/...}). Read-only; binds
 * to the host it is given (loopback by default).
 */
public final class ObservabilityServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String PAGE_RESOURCE = "live.html";

    /**
     * Whether the instance can take traffic.
     *
     * @param ready true when streams are running and a model is loaded or none has been published yet (warming up)
     * @param streams the Kafka Streams state
     * @param model what the instance scores with, in words
     * @param reasons why it is not ready (empty when ready)
     */
    public record Readiness(boolean ready, String streams, String model, List<String> reasons) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final MeterRegistry registry;
    private final Supplier<Readiness> readiness;
    private final LiveView view;
    private final Supplier<GanSnapshot> model;
    private final byte[] page;

    private ObservabilityServer(final HttpServer server, final MeterRegistry registry, final Supplier<Readiness> readiness, final LiveView view,
                                final Supplier<GanSnapshot> model) {
        this.server = server;
        this.registry = registry;
        this.readiness = readiness;
        this.view = view;
        this.model = model;
        this.page = loadPage();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "twinstream-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        route("/metrics", this::metrics);
        route("/health", exchange -> json(exchange, 200, Map.of("status", "UP")));
        route("/ready", this::ready);
        route("/api/series", exchange -> json(exchange, 200, Map.of("series", view.seriesIds())));
        route("/api/history", this::history);
        route("/api/synthetic", this::synthetic);
        route("/api/model", this::modelInfo);
        route("/", this::page);
    }

    /**
     * Starts serving.
     *
     * @param port 0 picks a free port
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static ObservabilityServer start(final String host, final int port, final MeterRegistry registry, final Supplier<Readiness> readiness,
                                            final LiveView view, final Supplier<GanSnapshot> model) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics and the live page on " + host + ":" + port + " (" + e.getMessage()
                    + "); set http.port to a free port, or 0 to pick one", e);
        }
        final ObservabilityServer observability = new ObservabilityServer(server, registry, readiness, view, model);
        server.start();
        return observability;
    }

    /** Where the page is, {@code http://host:port/}. */
    public String address() {
        final InetSocketAddress bound = server.getAddress();
        final String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void route(final String path, final Handler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    json(exchange, 405, Map.of("error", "only GET is served"));
                } else if (path.equals("/") && !exchange.getRequestURI().getPath().equals("/")) {
                    json(exchange, 404, Map.of("error", "no such page: " + exchange.getRequestURI().getPath()));
                } else {
                    handler.handle(exchange);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("HTTP {} failed: {}", exchange.getRequestURI(), e.toString());
            }
        });
    }

    private void metrics(final HttpExchange exchange) throws IOException {
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            json(exchange, 503, Map.of("error", "this instance's metrics are not kept in a Prometheus registry"));
            return;
        }
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void ready(final HttpExchange exchange) throws IOException {
        final Readiness now = readiness.get();
        json(exchange, now.ready() ? 200 : 503, now);
    }

    private void history(final HttpExchange exchange) throws IOException {
        final String seriesId = query(exchange.getRequestURI()).get("series");
        if (seriesId == null) {
            json(exchange, 400, Map.of("error", "say which series: /api/history?series=ID (see /api/series)"));
            return;
        }
        final LiveView.SeriesHistory history = view.history(seriesId);
        if (history == null) {
            json(exchange, 404, Map.of("error", "no recent data for series '" + seriesId + "'"));
            return;
        }
        json(exchange, 200, history);
    }

    private void synthetic(final HttpExchange exchange) throws IOException {
        final LiveView.SyntheticSample sample = view.latestSynthetic();
        if (sample == null) {
            json(exchange, 200, Map.of("synthetic", List.of()));
            return;
        }
        final SyntheticSequence sequence = sample.sequence();
        final List<Double> firstFeature = new ArrayList<>(sequence.getLength());
        for (int t = 0; t < sequence.getLength(); t++) {
            firstFeature.add(sequence.getValues().get(t * sequence.getFeatures()));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("templateSeriesId", sequence.getTemplateSeriesId());
        body.put("modelVersion", sequence.getModelVersion());
        body.put("generatedAt", sequence.getGeneratedAt());
        body.put("synthetic", firstFeature);
        body.put("real", sample.realWindow());
        json(exchange, 200, body);
    }

    private void modelInfo(final HttpExchange exchange) throws IOException {
        final GanSnapshot current = model.get();
        final Map<String, Object> body = new LinkedHashMap<>();
        if (current == null) {
            body.put("state", "WARMING_UP");
            body.put("version", -1);
        } else {
            body.put("state", "LOADED");
            body.put("version", current.version());
            body.put("createdAt", current.createdAt());
            body.put("ageSeconds", (System.currentTimeMillis() - current.createdAt()) / 1000.0);
            body.put("trainingSteps", current.trainingSteps());
            body.put("generatorLosses", current.generatorLosses());
            body.put("discriminatorLosses", current.discriminatorLosses());
        }
        json(exchange, 200, body);
    }

    private void page(final HttpExchange exchange) throws IOException {
        send(exchange, 200, "text/html; charset=utf-8", page);
    }

    private static Map<String, String> query(final URI uri) {
        final Map<String, String> values = new LinkedHashMap<>();
        final String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (final String pair : raw.split("&")) {
            final int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(final HttpExchange exchange, final int status, final Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType, final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] loadPage() {
        try (InputStream in = ObservabilityServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The live page (" + PAGE_RESOURCE + ") is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the live page", e);
        }
    }
}
