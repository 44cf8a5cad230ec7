package dev.safegate.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, combined broker and controller) inside the test JVM, started on first use
 * and shared by every test class of that JVM, so a module's tests pay the start-up (about 3 s) once.
 */
public final class KafkaBroker {
    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());
    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            // A broker fault while the JVM shuts down would otherwise halt the test JVM with a non-zero status,
            // which Surefire reports as a failed fork although every test passed.
            Exit.setHaltProcedure((status, message) -> LOG.warning("in-JVM Kafka asked to halt (" + status + "): " + message));
            Exit.setExitProcedure((status, message) -> LOG.warning("in-JVM Kafka asked to exit (" + status + "): " + message));
            cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop, "kafka-broker-stop"));
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics are created explicitly by the services; auto-creation would hide a missing one.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    /**
     * Stops the broker, so that every client loses its connections and every request fails, waits {@code down},
     * and starts it again on the same port with the same data (the controller keeps running). Returns when the
     * broker is ready again.
     */
    public static synchronized void restart(Duration down) {
        bootstrapServers();
        BrokerServer broker = cluster.brokers().values().iterator().next();
        String before = cluster.bootstrapServers();
        broker.shutdown();
        try {
            Thread.sleep(down);
            broker.startup();
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the in-JVM Kafka broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the in-JVM Kafka broker did not come back", e);
        }
        if (!cluster.bootstrapServers().equals(before)) {
            throw new IllegalStateException("the restarted broker listens at " + cluster.bootstrapServers()
                    + ", not " + before + " where its clients look for it");
        }
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting; nothing to do
            }
            cluster = null;
        }
    }

    /** Config for a Quarkus test: where the broker is. */
    public static Map<String, String> quarkusConfig() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }
}
