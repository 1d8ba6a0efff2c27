package dev.verigate.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for the processes tests start (replicas, Redis), chosen below the kernel's ephemeral range
 * (32768-60999 on Linux) and below the cluster's ({@link TestRedisCluster}: 20000-40000): a port the OS hands out
 * for {@code bind(0)} can be taken by any outgoing connection's local end before the process binds it.
 */
public final class Ports {

    private static final int FROM = 15_000;
    private static final int TO = 20_000;

    private Ports() {}

    /** A port nothing listens on now, on every interface. */
    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + FROM + " and " + TO);
    }
}
