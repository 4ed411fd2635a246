package io.twinstream.cli;

import io.twinstream.serde.DoubleLists;
import io.twinstream.avro.SyntheticSequence;
import io.twinstream.avro.Window;
import io.twinstream.config.Settings;
import io.twinstream.config.TwinstreamConfig;
import io.twinstream.model.GanConfig;
import io.twinstream.model.GanSnapshot;
import io.twinstream.model.RoundValidation;
import io.twinstream.model.TrainingRounds;
import io.twinstream.model.WindowReservoir;
import io.twinstream.observe.TwinstreamMetrics;
import io.twinstream.serde.AvroSerde;
import io.twinstream.topology.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer, on a thread of its own so that the stream threads never wait for it: it reads the training-windows
 * topic into a bounded {@link WindowReservoir}, and every {@code trainer.round-windows} new windows (or
 * {@code trainer.round-interval-ms}) runs a round of adversarial steps. A round's model is checked on held-back windows
 * and, when accepted, published to the compacted models topic (every instance then loads it) together with synthetic
 * sequences. A rejected round is counted and logged and not published ({@link TrainingRounds} says where training
 * goes on from). Before the first round, once it holds {@code trainer.untrained-model-windows}, it publishes the model as
 * initialised (version 0), so that series are scored from then on. At start it continues from the newest published
 * trained model rather than from scratch. Its steps keep to {@code trainer.cpu-share} of a core, and to a tenth of that
 * while the stream has a backlog over {@code trainer.backlog-points} ({@link BacklogProbe}).
 */
final class TrainerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final AvroSerde<Window> WINDOWS = AvroSerde.of(Window.class);
    private static final AvroSerde<SyntheticSequence> SYNTHETIC = AvroSerde.of(SyntheticSequence.class);

    private final TwinstreamConfig config;
    private final GanConfig ganConfig;
    private final String modelName;
    private final TwinstreamMetrics metrics;
    private final WindowReservoir reservoir;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private DutyCycle dutyCycle;
    private volatile Consumer<SyntheticSequence> syntheticListener = sequence -> { };
    private TrainingRounds rounds;
    private boolean untrainedPublished;

    private TrainerService(final TwinstreamConfig config, final TwinstreamMetrics metrics) {
        this.config = config;
        this.ganConfig = GanConfig.from(config);
        this.modelName = config.get(Settings.MODEL_NAME);
        this.metrics = metrics;
        this.reservoir = WindowReservoir.forTrainer(config, ganConfig.seed());
        this.thread = new Thread(this::runSafely, "twinstream-trainer");
        this.thread.setDaemon(true);
    }

    static TrainerService start(final TwinstreamConfig config, final TwinstreamMetrics metrics) {
        final TrainerService service = new TrainerService(config, metrics);
        service.thread.start();
        return service;
    }

    /** Also hands every synthetic sequence published from now on to {@code listener} (the live page's view). */
    void onSynthetic(final Consumer<SyntheticSequence> listener) {
        this.syntheticListener = listener;
    }

    /** The error that stopped the trainer, or null. */
    Throwable failure() {
        return failure.get();
    }

    private void runSafely() {
        try {
            run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException | Error e) {
            // an Error (out of memory, a native library's) ends the thread too: it is reported like any other failure
            failure.set(e);
            LOG.error("The trainer stopped", e);
        }
    }

    private void run() throws InterruptedException, ExecutionException {
        final GanSnapshot published = newestPublished();
        untrainedPublished = published != null;
        final GanSnapshot current = published != null && published.trained() ? published : null;
        rounds = TrainingRounds.forTrainer(config, ganConfig, current);
        if (current != null) {
            metrics.modelLoaded(current.version(), current.createdAt());
            LOG.info("Trainer continues from model '{}' version {} ({} steps)", modelName, current.version(), current.trainingSteps());
            if (!current.config().equals(ganConfig)) {
                LOG.warn("Model '{}' version {} was made with {}, the settings now ask for {}: training goes on with the model's own but its batch size "
                        + "(a model keeps the settings it was made with); to train with the new ones, start a new model (another model.name)",
                        modelName, current.version(), current.config(), ganConfig);
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config.get(Settings.APPLICATION_ID) + "-trainer"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
             BacklogProbe backlog = BacklogProbe.forTrainer(config)) {
            dutyCycle = DutyCycle.yieldingTo(backlog, config.get(Settings.TRAINER_CPU_SHARE), () -> !running);
            consumer.subscribe(List.of(config.topics().trainingWindows()));
            long sinceRound = 0;
            long lastRound = System.nanoTime();
            final long interval = Duration.ofMillis(config.get(Settings.TRAINER_ROUND_INTERVAL_MS)).toNanos();
            while (running) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (offer(record)) {
                        sinceRound++;
                    }
                }
                metrics.reservoirSize(reservoir.trainingSize());
                if (!untrainedPublished && rounds.untrainedDue(reservoir, config.get(Settings.TRAINER_UNTRAINED_WINDOWS))) {
                    publishUntrained(producer);
                }
                final boolean due = sinceRound >= config.get(Settings.TRAINER_ROUND_WINDOWS)
                        || sinceRound > 0 && System.nanoTime() - lastRound >= interval;
                if (due && reservoir.holds(config.get(Settings.TRAINER_MIN_WINDOWS))) {
                    round(producer);
                    sinceRound = 0;
                    lastRound = System.nanoTime();
                }
            }
        }
    }

    /** Takes a training window into the reservoir; false when it does not fit the model (or cannot be read). */
    private boolean offer(final ConsumerRecord<byte[], byte[]> record) {
        final Window window;
        try {
            window = WINDOWS.decode(record.value());
        } catch (RuntimeException e) {
            LOG.warn("Unreadable training window at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return false;
        }
        if (window == null || window.getLength() != ganConfig.windowLength() || window.getFeatures() != ganConfig.features()) {
            return false;
        }
        reservoir.add(new WindowReservoir.Sample(window.getSeriesId(), DoubleLists.toArray(window.getValues()), DoubleLists.toArray(window.getMean()),
                DoubleLists.toArray(window.getStd())));
        return true;
    }

    private void round(final KafkaProducer<String, byte[]> producer) throws InterruptedException, ExecutionException {
        final GanSnapshot previous = rounds.current();
        final TrainingRounds.Outcome outcome = rounds.run(reservoir, config.get(Settings.TRAINER_STEPS_PER_ROUND), System.currentTimeMillis(),
                step -> metrics.trainingStep(dutyCycle.run(step)), () -> running);
        final RoundValidation.Verdict verdict = outcome.verdict();
        final GanSnapshot candidate = outcome.candidate();
        final long version = candidate.version();
        metrics.trainingRound(verdict.accepted(), outcome.meanGeneratorLoss(), outcome.meanDiscriminatorLoss());
        if (!verdict.accepted()) {
            LOG.warn("Training round for version {} rejected ({}: MMD² {} against the current model's {}); version {} stays published", version,
                    verdict.reason(), verdict.candidateDiscrepancy(), verdict.currentDiscrepancy(), previous == null ? "none" : previous.version());
            return;
        }
        publish(producer, candidate);
        LOG.info("Model '{}' version {} published ({} steps, MMD² {} on held-back windows)", modelName, version, candidate.trainingSteps(),
                verdict.candidateDiscrepancy());
        publishSynthetic(producer, candidate);
    }

    /**
     * The model as initialised, so that series are scored before the first round ends: its generator has learnt
     * nothing, so it publishes no synthetic sequences.
     */
    private void publishUntrained(final KafkaProducer<String, byte[]> producer) throws InterruptedException, ExecutionException {
        final GanSnapshot untrained = rounds.untrained(reservoir, System.currentTimeMillis());
        publish(producer, untrained);
        untrainedPublished = true;
        LOG.info("Model '{}' version 0 published: untrained, to score with until the first round's ({} training windows)", modelName,
                reservoir.trainingSize());
    }

    /** Sends a model to the models topic and waits for it to be written; a model too large for the topic is a clear error. */
    private void publish(final KafkaProducer<String, byte[]> producer, final GanSnapshot model) throws InterruptedException, ExecutionException {
        final byte[] bytes = model.toBytes(modelName);
        checkFitsTheModelsTopic(modelName, model, bytes.length);
        producer.send(new ProducerRecord<>(config.topics().models(), modelName, bytes)).get();
    }

    /** Refuses, naming the settings that size it, a model of {@code bytes} too large for the models topic's messages. */
    static void checkFitsTheModelsTopic(final String modelName, final GanSnapshot model, final int bytes) {
        if (bytes > ClusterSetup.MODELS_MAX_MESSAGE_BYTES - 1_024) {
            throw new IllegalStateException(String.format(Locale.ROOT, "Model '%s' version %d is %,d bytes, more than the models topic takes "
                    + "(%,d): lower model.hidden-size (%d) or model.layers (%d)", modelName, model.version(), bytes,
                    ClusterSetup.MODELS_MAX_MESSAGE_BYTES, model.config().hiddenSize(), model.config().layers()));
        }
    }

    /** Generated sequences, each in the units of a real series whose statistics de-normalise it. */
    private void publishSynthetic(final KafkaProducer<String, byte[]> producer, final GanSnapshot model)
            throws InterruptedException, ExecutionException {
        final int count = config.get(Settings.SYNTHETIC_PER_MODEL);
        final List<WindowReservoir.Sample> templates = reservoir.sample(count);
        final List<double[]> generated = model.generate(templates.size(), model.version());
        final int features = ganConfig.features();
        for (int i = 0; i < templates.size(); i++) {
            final WindowReservoir.Sample template = templates.get(i);
            final double[] normalised = generated.get(i);
            final List<Double> values = new ArrayList<>(normalised.length);
            for (int k = 0; k < normalised.length; k++) {
                final int f = k % features;
                values.add(normalised[k] * template.std()[f] + template.mean()[f]);
            }
            final SyntheticSequence sequence = SyntheticSequence.newBuilder().setTemplateSeriesId(template.seriesId())
                    .setModelVersion(model.version()).setGeneratedAt(System.currentTimeMillis()).setLength(ganConfig.windowLength())
                    .setFeatures(features).setValues(values).build();
            producer.send(new ProducerRecord<>(config.topics().synthetic(), template.seriesId(), SYNTHETIC.encode(sequence))).get();
            syntheticListener.accept(sequence);
        }
        metrics.syntheticSent(templates.size());
    }

    /** The newest snapshot of this model on the models topic that fits this instance, or null. */
    private GanSnapshot newestPublished() {
        GanSnapshot newest = null;
        for (final ConsumerRecord<byte[], byte[]> record : TopicContents.read(config, config.topics().models(), record -> record)) {
            if (record.key() == null || record.value() == null || !modelName.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                continue;
            }
            try {
                final GanSnapshot snapshot = GanSnapshot.fromBytes(record.value(), ganConfig);
                if (newest == null || snapshot.version() > newest.version()) {
                    newest = snapshot;
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping a model snapshot the trainer cannot continue from: {}", e.getMessage());
            }
        }
        return newest;
    }

    private Properties consumerProperties(final String groupId) {
        final Properties props = StreamsSettings.client(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private Properties producerProperties() {
        final Properties props = StreamsSettings.client(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(ClusterSetup.MODELS_MAX_MESSAGE_BYTES));
        return props;
    }

    /** Stops after the current step and waits for the thread (up to a minute). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
