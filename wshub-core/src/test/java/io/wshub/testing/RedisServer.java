package io.wshub.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, for the contract suites of the Redis
 * stores: one for the whole test run, started by the first test class that registers {@link Extension} and stopped
 * after the last. Where redis-server is missing those tests are skipped with a loud message, except under CI, which
 * installs it.
 */
public final class RedisServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** {@code @RegisterExtension static final RedisServer.Extension REDIS = new RedisServer.Extension();} */
    public static final class Extension implements BeforeAllCallback {

        private RedisServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(RedisServer.class, key -> start(), RedisServer.class);
        }

        /** The run's server. */
        public RedisServer server() {
            return server;
        }
    }

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Duration START = Duration.ofSeconds(10);

    private final Process process;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final List<StatefulRedisConnection<String, String>> others = new ArrayList<>();

    private RedisServer(Process process, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.process = process;
        this.client = client;
        this.connection = connection;
    }

    /** Starts one, or skips the calling test class where redis-server is not installed. */
    private static RedisServer start() {
        try {
            return launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RedisServer launch() throws IOException, InterruptedException {
        if (!Files.isExecutable(REDIS_SERVER)) {
            String message = "*** redis-server is not installed (apt-get install redis-server): the Redis stores' "
                    + "contract suites cannot run ***";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log")).start();
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try {
                return new RedisServer(process, client, client.connect());
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    client.shutdown();
                    throw new AssertionError("redis-server did not start on port " + port, notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Commands on a connection of its own, as another node would have, on the database as it is. */
    public RedisCommands<String, String> anotherNode() {
        StatefulRedisConnection<String, String> own = client.connect();
        others.add(own);
        return own.sync();
    }

    /** A pub/sub connection of its own, for a broker, which closes it. */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client.connectPubSub();
    }

    /** Commands on an empty database: every store made with them starts fresh. */
    public RedisCommands<String, String> fresh() {
        RedisCommands<String, String> redis = connection.sync();
        redis.flushall();
        return redis;
    }

    @Override
    public void close() throws InterruptedException {
        others.forEach(StatefulRedisConnection::close);
        connection.close();
        client.shutdown();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
