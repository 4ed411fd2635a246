package io.twinstream.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka cluster (combined broker and KRaft controller) inside this JVM, on loopback ports, with its data
 * in a temporary directory that {@link #close()} removes. Replication factors and minimum in-sync replicas are 1,
 * so transactions (exactly-once) work on the one node.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private static final String SASL_LISTENER = "SASL_PLAINTEXT";

    private final TempDirectory dataDir;
    private final int brokerPort;
    private final int saslPort;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(final TempDirectory dataDir, final int brokerPort, final int saslPort, final KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.server = server;
    }

    /**
     * Formats a fresh log directory and starts the node.
     *
     * @param brokerPort loopback port for clients, 0 for a free one
     * @param controllerPort loopback port for the controller, 0 for a free one
     * @param extraBrokerSettings broker settings added to (or replacing) the defaults, for example listeners for SASL
     */
    public static EmbeddedKafkaBroker start(final int brokerPort, final int controllerPort, final Map<String, String> extraBrokerSettings) {
        return start(brokerPort, controllerPort, extraBrokerSettings, false);
    }

    /**
     * A node with a second client listener, SASL_PLAINTEXT on its own loopback port ({@link #saslBootstrapServers()}),
     * taking SCRAM-SHA-512 (users added with Kafka's admin API through the plaintext listener, {@link #bootstrapServers()}) and PLAIN
     * (users given here).
     *
     * @param plainUsers PLAIN user names and passwords
     */
    public static EmbeddedKafkaBroker startWithSasl(final Map<String, String> plainUsers) {
        final StringBuilder plainLogin = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        plainUsers.forEach((user, password) -> plainLogin.append(" user_").append(user).append("=\"").append(password).append('"'));
        return start(0, 0, Map.of(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", plainLogin.append(';').toString()), true);
    }

    private static EmbeddedKafkaBroker start(final int brokerPort, final int controllerPort, final Map<String, String> extraBrokerSettings,
                                             final boolean sasl) {
        final int[] free = freePorts(3);
        final int clientPort = brokerPort == 0 ? free[0] : brokerPort;
        final int quorumPort = controllerPort == 0 ? free[1] : controllerPort;
        final Integer saslPort = sasl ? free[2] : null;
        final TempDirectory dataDir = TempDirectory.create("twinstream-kafka-");
        final Properties props = brokerProperties(dataDir.path(), clientPort, quorumPort);
        if (saslPort != null) {
            props.put("listeners", props.get("listeners") + "," + SASL_LISTENER + "://127.0.0.1:" + saslPort);
            props.put("advertised.listeners", props.get("advertised.listeners") + "," + SASL_LISTENER + "://127.0.0.1:" + saslPort);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + "," + SASL_LISTENER + ":" + SASL_LISTENER);
        }
        props.putAll(extraBrokerSettings);
        try {
            format(dataDir.path());
            final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(dataDir, clientPort, saslPort == null ? -1 : saslPort, server);
        } catch (Exception e) {
            dataDir.close();
            throw new IllegalStateException("Cannot start the embedded Kafka broker on 127.0.0.1:" + clientPort
                    + " (controller port " + quorumPort + "): " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:port} of the client listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** {@code 127.0.0.1:port} of the SASL_PLAINTEXT listener of a node started with {@link #startWithSasl(Map)}. */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("This embedded broker has no SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    private static Properties brokerProperties(final Path dataDir, final int clientPort, final int quorumPort) {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + quorumPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + quorumPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("message.max.bytes", Integer.toString(16 * 1024 * 1024));
        return props;
    }

    private static void format(final Path dataDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    /**
     * {@code count} free loopback ports, all different: each one's socket stays open until all are found (ports taken
     * one at a time can be the same port twice, once the first socket is closed).
     */
    private static int[] freePorts(final int count) {
        final List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                socket.setReuseAddress(true);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find " + count + " free loopback ports", e);
        } finally {
            for (final ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a socket only probed for its port: nothing to keep
                }
            }
        }
    }

    /** Stops the node and removes its data directory. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            dataDir.close();
        }
    }
}
