package io.twinstream.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twinstream.config.ConfigException;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.observe.ObservabilityServer;
import io.twinstream.observe.TwinstreamMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/** Puts the service's metrics in a Prometheus registry with the JVM's and the process's, and serves them. */
final class Observability {

    /** Most series {@code metrics.series} may list. */
    static final int MAX_LABELLED_SERIES = 100;

    private Observability() {
    }

    /** A Prometheus registry with JVM and process metrics, and the service's meters in it. */
    static TwinstreamMetrics newMetrics(final TwinstreamConfig config) {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmAndProcess(registry);
        return new TwinstreamMetrics(registry, labelledSeries(config));
    }

    private static void bindJvmAndProcess(final MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The series listed in {@code metrics.series}. */
    static Set<String> labelledSeries(final TwinstreamConfig config) {
        final String listed = config.get(Settings.METRICS_SERIES).trim();
        final Set<String> series = new LinkedHashSet<>();
        if (!listed.isEmpty()) {
            Arrays.stream(listed.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(series::add);
        }
        if (series.size() > MAX_LABELLED_SERIES) {
            throw ConfigException.badValue(Settings.METRICS_SERIES.key(), listed, "expected at most " + MAX_LABELLED_SERIES
                    + " series ids (each adds its own time series to the metrics)");
        }
        return series;
    }

    /** Serves metrics, probes and the live page for {@code service} (and the synthetic sequences of {@code trainer}, if any). */
    static ObservabilityServer serve(final TwinstreamConfig config, final TwinstreamService service, final TrainerService trainer,
                                     final TwinstreamMetrics metrics) {
        if (trainer != null) {
            trainer.onSynthetic(service.liveView()::synthetic);
        }
        return ObservabilityServer.start(config.get(Settings.HTTP_HOST), config.get(Settings.HTTP_PORT), metrics.registry(),
                () -> readiness(service, metrics), service.liveView(), () -> service.currentModel().get());
    }

    /** Ready when the streams run and a model is loaded, or none has been published yet (then it is warming up). */
    static ObservabilityServer.Readiness readiness(final TwinstreamService service, final TwinstreamMetrics metrics) {
        final KafkaStreams.State state = service.state();
        final GanSnapshot model = service.currentModel().get();
        final List<String> reasons = new ArrayList<>();
        if (state != KafkaStreams.State.RUNNING) {
            reasons.add("Kafka Streams is " + state + ", not RUNNING");
        }
        final String modelState;
        if (model != null) {
            modelState = "version " + model.version() + " loaded";
        } else if (metrics.modelsRefused() > 0) {
            modelState = "none: " + metrics.modelsRefused() + " snapshot(s) on the models topic were refused (see the log)";
            reasons.add("no usable model: " + modelState);
        } else {
            modelState = "none yet: warming up until the first model is published";
        }
        return new ObservabilityServer.Readiness(reasons.isEmpty(), state.name(), modelState, reasons);
    }
}
