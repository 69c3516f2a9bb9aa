/*
 * Launcher of the portal's local search node: one OpenSearch 2.19.6 node embedded in this
 * JVM, with the plugins it needs loaded from the classpath (the jars that
 * scripts/search-node/pom.xml lists), the way OpenSearch's own test framework (MockNode)
 * starts nodes. Started and stopped by scripts/search-node/searchnode; see
 * docs/decisions/0001-search-engine.md.
 *
 * Usage: java -cp CLASSES:LIB/* PortalSearchNode key=value...
 *   every argument is a node setting (as `-E key=value` would be for a packaged node);
 *   path.home is required.
 */
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public final class PortalSearchNode {

    /** The modules a packaged node would load from its modules/ folder, limited to what the portal uses. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,
        CommonAnalysisPlugin.class,
        PainlessPlugin.class,
        MapperExtrasPlugin.class,
        ReindexPlugin.class
    );

    static final String LOG4J2_PROPERTIES = String.join("\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.console.ref = console",
        // deprecation warnings for every request are noise for a local node
        "logger.deprecation.name = org.opensearch.deprecation",
        "logger.deprecation.level = error",
        "");

    /** Node's constructor that takes classpath plugins is protected: a subclass opens it. */
    static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        String home = settings.get("path.home");
        if (home == null) {
            throw new IllegalArgumentException("path.home=... is required");
        }
        Path configDir = Paths.get(home).resolve("config");
        Files.createDirectories(configDir);

        // Logs go to the console at INFO; the script sends stdout/stderr to its log file.
        // LogConfigurator reads log4j2.properties from the config folder, which is ours.
        Files.writeString(configDir.resolve("log4j2.properties"), LOG4J2_PROPERTIES);
        LogConfigurator.registerErrorListener();
        String nodeName = settings.get("node.name", "portal-search");
        LogConfigurator.setNodeName(nodeName);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), configDir, () -> nodeName);
        LogConfigurator.configure(environment);
        Node node = new EmbeddedNode(environment, PLUGINS);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "portal-search-node-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // One node cannot host replicas; without this every new index stays yellow. New
        // indices take their default from the cluster metadata, not from node settings.
        try {
            node.client().admin().cluster().prepareUpdateSettings()
                .setPersistentSettings(Settings.builder().put("cluster.default_number_of_replicas", 0))
                .get();
        } catch (Exception e) {
            System.err.println("could not set cluster.default_number_of_replicas=0: " + e);
        }
        System.out.println("portal search node started (OpenSearch " + org.opensearch.Version.CURRENT + ")");
        stopped.await();
    }
}
