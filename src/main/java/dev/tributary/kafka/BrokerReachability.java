package dev.tributary.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Checks that a Kafka broker answers, in two steps: a plain TCP connect, which fails without
 * the Kafka client's repeated connection warnings when nothing listens, then a cluster
 * description through an admin client bounded by the same deadline.
 */
final class BrokerReachability {

    private static final Duration PROBE_PAUSE = Duration.ofMillis(200);
    private static final int MIN_ADMIN_MS = 1_000;

    private BrokerReachability() {
    }

    static void require(Properties clientProps, Duration timeout) {
        String servers = clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception failure = awaitTcp(addresses(servers), deadline);
        if (failure == null) {
            failure = describeCluster(clientProps, deadline);
        }
        if (failure != null) {
            throw new BrokerUnreachableException("No Kafka broker reachable at " + servers
                    + " within " + seconds(timeout) + "; start one with `tributary broker` or"
                    + " pass --bootstrap-servers", failure);
        }
    }

    /** Returns null once any address accepts a connection, else the last failure. */
    private static Exception awaitTcp(List<InetSocketAddress> addresses, long deadline) {
        Exception last = new IOException("no host:port in bootstrap.servers");
        if (addresses.isEmpty()) {
            return last;
        }
        do {
            for (InetSocketAddress address : addresses) {
                last = connect(address, deadline);
                if (last == null) {
                    return null;
                }
            }
        } while (pauseBefore(deadline));
        return last;
    }

    private static Exception connect(InetSocketAddress address, long deadline) {
        int remainingMs = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try (Socket socket = new Socket()) {
            // Resolved at each attempt: a name may start resolving once its host is up.
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                    remainingMs);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static boolean pauseBefore(long deadline) {
        if (System.nanoTime() + PROBE_PAUSE.toNanos() >= deadline) {
            return false;
        }
        try {
            Thread.sleep(PROBE_PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns null when the cluster answered, else why it did not. */
    private static Exception describeCluster(Properties clientProps, long deadline) {
        int ms = (int) Math.max(MIN_ADMIN_MS, (deadline - System.nanoTime()) / 1_000_000);
        Properties props = new Properties();
        props.putAll(clientProps);
        // Bound every retry by the caller's deadline so a wrong address cannot loop forever.
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms))
                    .nodes().get(ms, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Parses "host:port,host:port", with IPv6 hosts in brackets. */
    static List<InetSocketAddress> addresses(String servers) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String entry : servers.split(",")) {
            String server = entry.strip();
            int colon = server.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String host = server.substring(0, colon).replace("[", "").replace("]", "");
            try {
                int port = Integer.parseInt(server.substring(colon + 1));
                result.add(InetSocketAddress.createUnresolved(host, port));
            } catch (NumberFormatException e) {
                // Not an address; the admin client reports it if nothing else works.
            }
        }
        return result;
    }

    private static String seconds(Duration timeout) {
        long ms = timeout.toMillis();
        return ms % 1000 == 0
                ? (ms / 1000) + " s"
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
