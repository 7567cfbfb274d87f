import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Embedded Neo4j Community DBMS with a Bolt listener on 127.0.0.1, for local dev and tests.
 *
 * Usage: Launcher --home DIR --port N [--conf FILE]   (or NEO4J_LOCAL_DATA / NEO4J_LOCAL_PORT)
 * --conf: more settings, in neo4j.conf's format (neo4j.sh --short-lived passes short-lived.conf).
 * Port 0 lets the kernel pick a free port, race-free; the READY line names the one it got.
 * Auth is off unless NEO4J_LOCAL_PASSWORD (8+ chars) is set: then user "neo4j" gets that password.
 * It is read from the environment only, so it never shows up in `ps`.
 *
 * Contract with neo4j.sh: exactly one stdout line "READY bolt://127.0.0.1:N" once a query has
 * run; on failure exactly one "neo4j: ..." line on stderr and a non-zero exit. Neo4j's own
 * logs go to HOME/logs, full failure traces to HOME/logs/launcher-error.log.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static volatile DatabaseManagementService dbms;

    public static void main(String[] args) throws InterruptedException {
        String home = System.getenv("NEO4J_LOCAL_DATA");
        String port = System.getenv().getOrDefault("NEO4J_LOCAL_PORT", "7687");
        String conf = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = value(args, ++i);
                case "--port" -> port = value(args, ++i);
                case "--conf" -> conf = value(args, ++i);
                default -> die(2, "neo4j: unknown argument " + args[i] + " (usage: --home DIR --port N [--conf FILE])");
            }
        }
        if (home == null || home.isEmpty()) die(2, "neo4j: --home DIR is required");
        int portNo = 0;
        try {
            portNo = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            die(2, "neo4j: bad port " + port);
        }
        int boundPort = portNo;
        Path homeDir = Path.of(home).toAbsolutePath().normalize();
        String password = System.getenv().getOrDefault("NEO4J_LOCAL_PASSWORD", "");
        if (!password.isEmpty() && password.length() < 8) die(2, "neo4j: NEO4J_LOCAL_PASSWORD needs 8+ characters");

        // Registered before build() so a SIGTERM during a slow start still closes the store.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService d = dbms;
            if (d != null) d.shutdown();
        }, "neo4j-shutdown"));

        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(homeDir);
            if (conf != null) builder.loadPropertiesFromFile(Path.of(conf));
            dbms = builder
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, portNo))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, portNo))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
                    // Sized for a 2-core dev box / CI next to a -Xmx1g heap, not for big data;
                    // NEO4J_LOCAL_PAGECACHE (e.g. 4g) raises it for large graphs (benchmarks).
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache())
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 512L << 20)
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, 256L << 20)
                    // Dev/test stores are disposable: no preallocated or retained transaction logs.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    // Netty waits a 5 s quiet period per event loop group on shutdown (~10 s per
                    // stop, measured); the stores are already closed by then, so skip it.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
            if (!password.isEmpty()) setPassword(password);
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
            boundPort = ((GraphDatabaseAPI) db).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT).getPort();
        } catch (Throwable t) {
            String line = explain(t, homeDir, portNo);
            DatabaseManagementService d = dbms;
            dbms = null;
            if (d != null) {
                try {
                    d.shutdown();
                } catch (Throwable ignored) {
                    // Already failing; the first error is the one worth reporting.
                }
            }
            die(1, line, t, homeDir);
        }

        System.out.println("READY bolt://" + HOST + ":" + boundPort);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM/SIGINT; the hook does the shutdown
    }

    /** Applied on every start so a changed NEO4J_LOCAL_PASSWORD takes effect on the next start. */
    private static void setPassword(String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one it already has: that is success here.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
        }
    }

    /** Page cache size: NEO4J_LOCAL_PAGECACHE in bytes or with a k/m/g suffix; 256 MiB by default. */
    private static long pagecache() {
        String v = System.getenv().getOrDefault("NEO4J_LOCAL_PAGECACHE", "").trim().toLowerCase();
        if (v.isEmpty()) return 256L << 20;
        int shift = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            return Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
        } catch (NumberFormatException e) {
            die(2, "neo4j: bad NEO4J_LOCAL_PAGECACHE " + v + " (bytes, or a number with k, m or g)");
            return 0;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) die(2, "neo4j: " + args[i - 1] + " needs a value");
        return args[i];
    }

    /** Maps the two failures people actually hit to a sentence; everything else to its root cause. */
    private static String explain(Throwable t, Path home, int port) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            if (name.equals("PortBindException") || name.equals("BindException")) {
                return "neo4j: port " + port + " on " + HOST + " is already in use";
            }
            root = c;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Fallback on the lock file names in case a wrapper replaced the exception type.
            String msg = String.valueOf(c.getMessage());
            if (c.getClass().getSimpleName().equals("FileLockException")
                    || msg.contains("store_lock") || msg.contains("database_lock")) {
                return "neo4j: data dir " + home + " is locked by another Neo4j process";
            }
        }
        return "neo4j: failed to start: " + root.getClass().getSimpleName() + ": " + root.getMessage()
                + " (trace in " + home.resolve("logs/launcher-error.log") + ")";
    }

    private static void die(int code, String line) {
        die(code, line, null, null);
    }

    private static void die(int code, String line, Throwable t, Path home) {
        if (t != null) {
            try {
                StringWriter sw = new StringWriter();
                t.printStackTrace(new PrintWriter(sw));
                Path log = home.resolve("logs/launcher-error.log");
                Files.createDirectories(log.getParent());
                Files.writeString(log, java.time.Instant.now() + " " + line + "\n" + sw + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // The one-line message below is still the useful part.
            }
        }
        System.err.println(line);
        System.err.flush();
        // halt, not exit: a half-built DBMS may hold non-daemon threads and the hook would block.
        Runtime.getRuntime().halt(code);
    }
}
