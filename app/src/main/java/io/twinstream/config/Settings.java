package io.twinstream.config;

import java.io.File;
import java.util.List;

/** Every Twinstream setting, declared once with its default and description. Kafka client settings are not here: they pass through under {@link #KAFKA_PREFIX}. */
public final class Settings {

    /** Keys starting with this prefix are handed, without it, to every Kafka client the service makes. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("bootstrap.servers", "",
            "Kafka brokers to connect to (host:port,...). Required by 'run' and 'produce'; 'demo' uses its embedded broker.");
    public static final Setting<Integer> CLUSTER_TIMEOUT_MS = Setting.integer("cluster.timeout-ms", 15_000, 100, 600_000,
            "How long (ms) to wait for the Kafka cluster at start before giving up with an error.");
    public static final Setting<String> APPLICATION_ID = Setting.text("application.id", "twinstream",
            "Kafka Streams application id: instances sharing it share the work and the state.");
    public static final Setting<String> TOPIC_PREFIX = Setting.text("topic.prefix", "",
            "Prefix put before every topic name (points, anomalies, scores, synthetic, training-windows, models, dead-letters).");
    public static final Setting<Boolean> TOPICS_CREATE = Setting.flag("topics.create", true,
            "Create missing topics at start.");
    public static final Setting<Integer> TOPICS_PARTITIONS = Setting.integer("topics.partitions", 3, 1, 10_000,
            "Partitions of topics the service creates.");
    public static final Setting<Integer> TOPICS_REPLICATION = Setting.integer("topics.replication", 1, 1, 32,
            "Replication factor of topics the service creates.");
    public static final Setting<InputFormat> INPUT_FORMAT = Setting.choice("input.format", InputFormat.AVRO, InputFormat.class,
            "Encoding of values on the points topic.");
    public static final Setting<Integer> INPUT_MAX_FEATURES = Setting.integer("input.max-features", 64, 1, 100_000,
            "Largest number of values one point may carry; a point with more is dead-lettered.");
    public static final Setting<Long> INPUT_GRACE_MS = Setting.longInteger("input.grace-ms", 60_000L, 0L, Long.MAX_VALUE,
            "How far (ms) a point may be older than its series' newest point and still be accepted, in time order; older ones are dead-lettered.");
    public static final Setting<Integer> WINDOW_LENGTH = Setting.integer("window.length", 128, 2, 4096,
            "Window length L: points per window.");
    public static final Setting<Integer> WINDOW_STRIDE = Setting.integer("window.stride", 8, 1, 4096,
            "Emit a window every this many points of a series (at most window.length).");
    public static final Setting<Long> WINDOW_MAX_GAP_MS = Setting.longInteger("window.max-gap-ms", 172_800_000L, 1L, Long.MAX_VALUE,
            "A gap (ms) between consecutive points larger than this starts the series' window buffer afresh and ends its open anomaly; "
                    + "a series silent this long (wall clock) has its open anomaly closed.");
    public static final Setting<Integer> NORMALIZER_HORIZON = Setting.integer("normalizer.horizon", 10_000, 2, 100_000_000,
            "Points over which the running per-feature mean and standard deviation are taken (an exponential horizon once reached).");
    public static final Setting<Integer> NORMALIZER_SETTLE_WINDOWS = Setting.integer("normalizer.settle-windows", 32, 0, 1_000_000,
            "A series' first windows, cut while its running normalisation settles: scored but never flagged, and they neither calibrate its scores nor train the model.");
    public static final Setting<Double> TRAINING_SAMPLE_RATE = Setting.decimal("training.sample-rate", 0.5, 0.0, 1.0,
            "Fraction of windows also sent to the training-windows topic (chosen by a hash of series and time, so a replay picks the same).");
    public static final Setting<ProcessingGuarantee> PROCESSING_GUARANTEE = Setting.choice("processing.guarantee",
            ProcessingGuarantee.EXACTLY_ONCE_V2, ProcessingGuarantee.class, "Kafka Streams processing guarantee.");
    public static final Setting<Integer> STREAM_THREADS = Setting.integer("stream.threads", 1, 1, 64,
            "Kafka Streams threads in this instance.");
    public static final Setting<String> STATE_DIR = Setting.text("state.dir",
            System.getProperty("user.home") + File.separator + ".twinstream" + File.separator + "state",
            "Directory of the local state stores (restored from changelog topics when lost).");
    public static final Setting<Long> COMMIT_INTERVAL_MS = Setting.longInteger("commit.interval-ms", 100L, 10L, 600_000L,
            "How often (ms) progress is committed; with exactly-once this is also how late output becomes visible.");
    public static final Setting<Integer> MODEL_FEATURES = Setting.integer("model.features", 1, 1, 64,
            "Features per step the model takes (series with another feature count are not scored by it).");
    public static final Setting<Integer> MODEL_LATENT_SIZE = Setting.integer("model.latent-size", 4, 1, 1_024,
            "Noise values per time step fed to the generator.");
    public static final Setting<Integer> MODEL_HIDDEN_SIZE = Setting.integer("model.hidden-size", 32, 1, 1_024,
            "LSTM units per layer, in the generator and the discriminator.");
    public static final Setting<Integer> MODEL_LAYERS = Setting.integer("model.layers", 2, 1, 8,
            "LSTM layers in each network.");
    public static final Setting<Double> MODEL_GENERATOR_LEARNING_RATE = Setting.decimal("model.generator-learning-rate", 0.001, 1e-6, 0.5,
            "Adam step size of the generator.");
    public static final Setting<Double> MODEL_DISCRIMINATOR_LEARNING_RATE = Setting.decimal("model.discriminator-learning-rate", 0.00003,
            1e-6, 0.5, "Adam step size of the discriminator (kept small, so that its features stay informative for scoring).");
    public static final Setting<Integer> MODEL_BATCH_SIZE = Setting.integer("model.batch-size", 64, 1, 4_096,
            "Windows per training batch.");
    public static final Setting<Integer> MODEL_DISCRIMINATOR_STEPS = Setting.integer("model.discriminator-steps", 1, 1, 16,
            "Discriminator updates per generator update.");
    public static final Setting<Double> MODEL_GRADIENT_CLIP = Setting.decimal("model.gradient-clip", 5.0, 1e-3, 1e6,
            "Largest global gradient norm of one update; larger gradients are scaled down to it.");
    public static final Setting<Double> MODEL_REAL_LABEL = Setting.decimal("model.real-label", 0.9, 0.51, 1.0,
            "Discriminator's training target for real windows: 1 is plain, below 1 is one-sided label smoothing.");
    public static final Setting<DiscriminatorView> MODEL_DISCRIMINATOR_VIEW = Setting.choice("model.discriminator-view", DiscriminatorView.SHAPE,
            DiscriminatorView.class, "What the discriminator judges: 'shape' (each window centred on its mean, judged once: best for "
                    + "anomaly scoring) or 'sequence' (windows as they are, judged at every step: best for synthetic sequences).");
    public static final Setting<Integer> MODEL_RECONSTRUCTION_STEPS = Setting.integer("model.reconstruction-steps", 0, 0, 1_000,
            "Steps of the search for the generator's noise that makes each scored window; the mean squared difference left "
                    + "(of the windows' shapes) is added to the anomaly score, times model.reconstruction-weight. 0: no such term.");
    public static final Setting<Double> MODEL_RECONSTRUCTION_WEIGHT = Setting.decimal("model.reconstruction-weight", 1.0, 0.0, 1e6,
            "Weight of the reconstruction error in the anomaly score (see model.reconstruction-steps).");
    public static final Setting<Long> MODEL_SEED = Setting.longInteger("model.seed", 7L, Long.MIN_VALUE, Long.MAX_VALUE,
            "Seed of the model's initialisation and noise (same seed and data, same model).");
    public static final Setting<String> MODEL_NAME = Setting.text("model.name", "twinstream",
            "Name of the model: the key of its snapshots on the models topic.");
    public static final Setting<Integer> SCORING_BATCH_SIZE = Setting.integer("scoring.batch-size", 256, 1, 65_536,
            "Most windows scored in one micro-batch.");
    public static final Setting<Long> SCORING_MAX_DELAY_MS = Setting.longInteger("scoring.max-delay-ms", 200L, 1L, 60_000L,
            "Longest a window waits (ms, wall clock) for its micro-batch to fill before it is scored anyway.");
    public static final Setting<Double> SCORING_FALSE_ALARM_RATE = Setting.decimal("scoring.false-alarm-rate", 0.0003, 1e-9, 0.49,
            "Share of a series' normal windows that may be flagged: the threshold, the same on every series.");
    public static final Setting<Integer> SCORING_HISTORY = Setting.integer("scoring.history", 750, 10, 100_000,
            "Recent raw scores per series that calibrate its new ones.");
    public static final Setting<Integer> SCORING_MIN_HISTORY = Setting.integer("scoring.min-history", 100, 10, 100_000,
            "Scores a series needs before their tail calibrates its windows (at most scoring.history); until then only a window "
                    + "scoring.early-severity times their median is flagged. Far fewer than 100 let a tail fitted on a few dozen scores "
                    + "call a quiet series' largest window extreme.");
    public static final Setting<Integer> SCORING_EARLY_HISTORY = Setting.integer("scoring.early-history", 40, 10, 100_000,
            "Scores a series still warming up (fewer than scoring.min-history) needs before a window of it can be flagged by its "
                    + "severity alone (scoring.min-history when that is fewer: then none is).");
    public static final Setting<Double> SCORING_EARLY_SEVERITY = Setting.decimal("scoring.early-severity", 2.5, 0.0, 1_000.0,
            "Least severity (raw score over the median of the series' scores so far) at which a window of a series still warming "
                    + "up is flagged, so that an anomaly in a series' first days, or in a new model's first windows of it, is not let "
                    + "through (0: nothing is flagged while warming up).");
    public static final Setting<Integer> SCORING_HANDOVER_WINDOWS = Setting.integer("scoring.handover-windows", 300, 0, 100_000,
            "After a new model arrives, a series stays judged by the model before it (both score its windows) until the new one has "
                    + "scored this many of them to calibrate on (at most scoring.history; 0: the new model judges at once, on the series' scores carried over).");
    public static final Setting<Integer> SCORING_CONFIRM_POINTS = Setting.integer("scoring.confirm-points", 4, 0, 100_000,
            "Points a series' flagged windows must span, one after another, before they are reported as an anomaly (0: at the first "
                    + "flagged window); a lone flagged window is scored as flagged but not reported.");
    public static final Setting<Double> SCORING_HOLD_SCORE = Setting.decimal("scoring.hold-score", 0.95, 0.0, 1.0,
            "Calibrated score at or above which a window that is not flagged keeps its series' reported anomaly open, so that "
                    + "an anomaly whose scores hover about the threshold is one report, not many (1: the first unflagged window closes it).");
    public static final Setting<Integer> SCORING_LAG_POINTS = Setting.integer("scoring.lag-points", 32, 0, 100_000,
            "Points a window's score waits before it calibrates its series' later scores (0: at once), so that an anomaly's "
                    + "first windows, not yet flagged, do not calibrate its next ones (while fewer than scoring.min-history "
                    + "are older, the oldest scoring.min-history calibrate).");
    public static final Setting<Integer> SCORING_MAX_WAIT_POINTS = Setting.integer("scoring.max-wait-points", 128, 0, 100_000,
            "Most points that a run of a series' unflagged windows calibrating at scoring.hold-score or more waits, until the run "
                    + "ends, before it calibrates the series' later scores, so that an anomaly's first windows, unusual but not yet "
                    + "flagged, do not calibrate its later ones (scoring.lag-points or less: a run waits as any score does).");
    public static final Setting<Integer> SCORING_SUSTAIN_POINTS = Setting.integer("scoring.sustain-points", 24, 0, 100_000,
            "Points that a run of a series' windows calibrating at scoring.hold-score or more (flagged or not) must span, one after "
                    + "another, to be reported as an anomaly even when too few of them are flagged to confirm one: a moderate "
                    + "departure that lasts rather than a short, sharp one (0: only flagged windows confirm an anomaly).");
    public static final Setting<Double> SCORING_MIN_SEVERITY = Setting.decimal("scoring.min-severity", 1.25, 0.0, 1_000.0,
            "Least severity of the window where an anomaly is reported: its raw score as a multiple of the series' median score. "
                    + "On a series whose scores hardly vary, a window barely above its usual ones calibrates into the extreme tail; an "
                    + "anomaly confirmed or sustained is held, unreported, until one of its windows is this severe (0: any).");
    public static final Setting<Integer> SCORING_SETTLED_WINDOWS = Setting.integer("scoring.settled-windows", 300, 0, 100_000,
            "Scores of a series that the calibration judging its windows must hold, from the model that judges, to be settled (0: always; "
                    + "more than scoring.history: scoring.history). Until then (a series new to the service, or to its model) an anomaly is "
                    + "reported only at a window of severity scoring.unsettled-min-severity or more.");
    public static final Setting<Double> SCORING_UNSETTLED_MIN_SEVERITY = Setting.decimal("scoring.unsettled-min-severity", 2.0, 0.0, 1_000.0,
            "Least severity of the window where an anomaly is reported while the calibration judging it is unsettled "
                    + "(scoring.settled-windows): a tail fitted on a short stretch of a series mistakes its swings for anomalies more often.");
    public static final Setting<Boolean> TRAINER_ENABLED = Setting.flag("trainer.enabled", true,
            "Run the trainer in this instance (one instance trains; every instance scores with the newest model).");
    public static final Setting<Integer> TRAINER_ROUND_WINDOWS = Setting.integer("trainer.round-windows", 500, 1, 100_000_000,
            "Start a training round after this many new training windows...");
    public static final Setting<Long> TRAINER_ROUND_INTERVAL_MS = Setting.longInteger("trainer.round-interval-ms", 30_000L, 100L,
            86_400_000L, "...or after this long (ms) since the last round, whichever comes first.");
    public static final Setting<Integer> TRAINER_STEPS_PER_ROUND = Setting.integer("trainer.steps-per-round", 100, 1, 1_000_000,
            "Adversarial steps in one round.");
    public static final Setting<Integer> TRAINER_MIN_WINDOWS = Setting.integer("trainer.min-windows", 256, 2, 10_000_000,
            "Training windows needed before the first round.");
    public static final Setting<Integer> TRAINER_UNTRAINED_WINDOWS = Setting.integer("trainer.untrained-model-windows", 64, 0, 10_000_000,
            "Training windows after which, while no model has been trained, the model as initialised is published as version 0 (its "
                    + "discriminator's features of these windows anchor its score), so that series are scored, and can be flagged, before "
                    + "the first round; it publishes no synthetic sequences, and the first trained model takes over from it at once "
                    + "(0: none; none either when the first round comes sooner).");
    public static final Setting<Integer> TRAINER_RESERVOIR_SIZE = Setting.integer("trainer.reservoir-size", 4_000, 10, 10_000_000,
            "Real windows the trainer keeps to train on (a uniform sample of all seen); bounds its memory.");
    public static final Setting<Integer> TRAINER_HELD_BACK = Setting.integer("trainer.held-back", 200, 10, 10_000,
            "Recent real windows kept apart, never trained on, to validate each round (the check compares every pair of them, so its "
                    + "time grows with the square of this).");
    public static final Setting<Double> TRAINER_CPU_SHARE = Setting.decimal("trainer.cpu-share", 0.5, 0.01, 1.0,
            "Share of one core the trainer may use: it pauses between steps to keep to it, so that the stream keeps up on small machines.");
    public static final Setting<Long> TRAINER_BACKLOG_POINTS = Setting.longInteger("trainer.backlog-points", 20_000L, 0L, 1_000_000_000_000L,
            "While the stream has more than this many points not yet consumed (after downtime, or a burst), the trainer works at a tenth "
                    + "of trainer.cpu-share, so that the backlog is scored sooner (0: never yield).");
    public static final Setting<Double> TRAINER_TOLERANCE = Setting.decimal("trainer.tolerance", 0.1, 0.0, 10.0,
            "How much larger (fraction) a new model's discrepancy from held-back windows may be than the current one's.");
    public static final Setting<Integer> SYNTHETIC_PER_MODEL = Setting.integer("synthetic.per-model", 8, 0, 100_000,
            "Synthetic sequences published after each accepted model.");
    public static final Setting<String> HTTP_HOST = Setting.text("http.host", "127.0.0.1",
            "Address the metrics, health and live-page port binds to (loopback unless set otherwise; 0.0.0.0 for all).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65_535,
            "Port of /metrics, /health, /ready and the live page at / (0 picks a free one; the demo and run print the address).");
    public static final Setting<String> METRICS_SERIES = Setting.text("metrics.series", "",
            "Comma-separated series ids (at most 100) whose windows scored and anomalies are also counted per series; metrics carry no series id otherwise.");
    public static final Setting<Integer> GENERATOR_SERIES = Setting.integer("generator.series", 6, 1, 100_000,
            "Built-in generator: number of series.");
    public static final Setting<Integer> GENERATOR_FEATURES = Setting.integer("generator.features", 1, 1, 64,
            "Built-in generator: features per series.");
    public static final Setting<Double> GENERATOR_RATE = Setting.decimal("generator.rate", 300.0, 0.1, 1_000_000.0,
            "Built-in generator: points per second sent, over all series.");
    public static final Setting<Long> GENERATOR_STEP_MS = Setting.longInteger("generator.step-ms", 300_000L, 1L, 86_400_000L,
            "Built-in generator: event time (ms) between a series' consecutive points; daily and weekly cycles follow from it.");
    public static final Setting<Double> GENERATOR_ANOMALY_RATE = Setting.decimal("generator.anomaly-rate", 0.0005, 0.0, 0.5,
            "Built-in generator: chance per point that an injected anomaly starts.");
    public static final Setting<Double> GENERATOR_BAD_RECORD_RATE = Setting.decimal("generator.bad-record-rate", 0.0005, 0.0, 1.0,
            "Built-in generator: fraction of records sent deliberately broken (garbage bytes, NaN, no values), to show dead letters.");
    public static final Setting<Long> GENERATOR_SEED = Setting.longInteger("generator.seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE,
            "Built-in generator: random seed (same seed, same data and labels).");
    public static final Setting<Integer> EMBEDDED_BROKER_PORT = Setting.integer("embedded.broker-port", 0, 0, 65_535,
            "Demo: loopback port of the embedded broker (0 picks a free one).");
    public static final Setting<Integer> EMBEDDED_CONTROLLER_PORT = Setting.integer("embedded.controller-port", 0, 0, 65_535,
            "Demo: loopback port of the embedded KRaft controller (0 picks a free one).");
    public static final Setting<Integer> PROGRESS_INTERVAL_S = Setting.integer("progress.interval-s", 5, 1, 3_600,
            "Seconds between progress lines on the console.");

    /** All settings, in the order help lists them. */
    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS, CLUSTER_TIMEOUT_MS, APPLICATION_ID, TOPIC_PREFIX, TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION,
            INPUT_FORMAT, INPUT_MAX_FEATURES, INPUT_GRACE_MS,
            WINDOW_LENGTH, WINDOW_STRIDE, WINDOW_MAX_GAP_MS, NORMALIZER_HORIZON, NORMALIZER_SETTLE_WINDOWS, TRAINING_SAMPLE_RATE,
            PROCESSING_GUARANTEE, STREAM_THREADS, STATE_DIR, COMMIT_INTERVAL_MS,
            MODEL_FEATURES, MODEL_LATENT_SIZE, MODEL_HIDDEN_SIZE, MODEL_LAYERS, MODEL_GENERATOR_LEARNING_RATE,
            MODEL_DISCRIMINATOR_LEARNING_RATE, MODEL_BATCH_SIZE, MODEL_DISCRIMINATOR_STEPS, MODEL_GRADIENT_CLIP, MODEL_REAL_LABEL, MODEL_DISCRIMINATOR_VIEW,
            MODEL_RECONSTRUCTION_STEPS, MODEL_RECONSTRUCTION_WEIGHT, MODEL_SEED,
            MODEL_NAME, SCORING_BATCH_SIZE, SCORING_MAX_DELAY_MS, SCORING_FALSE_ALARM_RATE, SCORING_HISTORY, SCORING_MIN_HISTORY, SCORING_EARLY_HISTORY,
            SCORING_EARLY_SEVERITY, SCORING_HANDOVER_WINDOWS,
            SCORING_CONFIRM_POINTS, SCORING_HOLD_SCORE, SCORING_LAG_POINTS, SCORING_MAX_WAIT_POINTS, SCORING_SUSTAIN_POINTS,
            SCORING_MIN_SEVERITY, SCORING_SETTLED_WINDOWS, SCORING_UNSETTLED_MIN_SEVERITY,
            TRAINER_ENABLED, TRAINER_ROUND_WINDOWS, TRAINER_ROUND_INTERVAL_MS, TRAINER_STEPS_PER_ROUND, TRAINER_MIN_WINDOWS,
            TRAINER_UNTRAINED_WINDOWS, TRAINER_RESERVOIR_SIZE, TRAINER_HELD_BACK, TRAINER_TOLERANCE, TRAINER_CPU_SHARE, TRAINER_BACKLOG_POINTS,
            SYNTHETIC_PER_MODEL,
            HTTP_HOST, HTTP_PORT, METRICS_SERIES,
            GENERATOR_SERIES, GENERATOR_FEATURES, GENERATOR_RATE, GENERATOR_STEP_MS, GENERATOR_ANOMALY_RATE, GENERATOR_BAD_RECORD_RATE, GENERATOR_SEED,
            EMBEDDED_BROKER_PORT, EMBEDDED_CONTROLLER_PORT, PROGRESS_INTERVAL_S);

    private Settings() {
    }

    /** The declared setting with this key, or null. */
    public static Setting<?> find(final String key) {
        for (final Setting<?> setting : ALL) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        return null;
    }
}
