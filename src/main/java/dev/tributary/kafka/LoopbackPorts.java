package dev.tributary.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free TCP ports on the loopback interface. */
final class LoopbackPorts {

    static final String LOOPBACK_HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * Returns a port that was free a moment ago. Another process may take it before the caller
     * binds it; the window is milliseconds, and the caller then fails with a bind error.
     */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK_HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LOOPBACK_HOST, e);
        }
    }

    /** Returns the port itself, or a free one when it is 0. */
    static int orFree(int port) {
        return port == 0 ? free() : port;
    }
}
