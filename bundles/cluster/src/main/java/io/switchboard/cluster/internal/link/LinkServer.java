package io.switchboard.cluster.internal.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.system.log.RateLimitedLog;

/**
 * Listens on this node's link address ({@code host}, cluster port + 1) for other nodes' links. A
 * connection must complete the handshake (prove the secret) within seconds before anything it sends
 * is read as a call; a refusal is logged, rate-limited per source, and the running node is not
 * otherwise affected. Connections that have not proved the secret yet are bounded in number.
 */
public final class LinkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkServer.class);
    private static final int MAX_UNPROVEN = 32;

    private final ServerSocket server;
    private final ClusterSecret secret;
    private final String self;
    private final CallHandler handler;
    private final Executor calls;
    private final int limit;
    private final Function<Handshake.Hello, ObjectNode> welcome;
    /**
     * Refused links, logged without letting whoever sends them flood the log: one line per source
     * address and kind of refusal every 10 s (one kind never hides another), the next one counting
     * those held back.
     */
    private final RateLimitedLog refusals;
    private final Semaphore unproven = new Semaphore(MAX_UNPROVEN);
    private final Set<InboundLink> links = ConcurrentHashMap.newKeySet();
    private final TurnKeeper keeper;
    private volatile boolean closed;

    /**
     * @param welcome what a node that proved the secret is told: for a {@link Handshake#PROBE}, whether
     *                its name is free
     * @param limit   calls in flight per inbound link
     */
    public LinkServer(InetSocketAddress address, ClusterSecret secret, String self, CallHandler handler, Executor calls, int limit,
            Function<Handshake.Hello, ObjectNode> welcome, Clock clock) throws IOException {
        this.secret = secret;
        this.self = self;
        this.handler = handler;
        this.calls = calls;
        this.limit = limit;
        this.welcome = welcome;
        this.refusals = new RateLimitedLog(LOG, 1, Duration.ofSeconds(10), clock);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 64);
        this.keeper = new TurnKeeper("switchboard-cluster-link-turns-in");
        Thread acceptor = new Thread(this::accept, "switchboard-cluster-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("the link server stopped accepting: {}", e.toString());
                }
                return;
            }
            if (!unproven.tryAcquire()) {
                refused(socket, "busy", "too many links are still proving the secret");
                quietly(socket);
                continue;
            }
            Thread thread = new Thread(() -> run(socket), "switchboard-cluster-link-from-" + socket.getRemoteSocketAddress());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run(Socket socket) {
        InboundLink link;
        Handshake.Hello hello;
        try {
            link = InboundLink.on(socket, limit);
            hello = Handshake.accept(socket, link.in(), link.out(), secret, self, welcome);
        } catch (LinkRefused e) {
            refused(socket, "secret", e.getMessage());
            quietly(socket);
            return;
        } catch (LinkViolation e) {
            refused(socket, "protocol", "it does not speak the link protocol (" + e.getMessage() + ")");
            quietly(socket);
            return;
        } catch (IOException e) {
            refused(socket, "incomplete", "the handshake did not complete (" + e.getMessage() + ")");
            quietly(socket);
            return;
        } finally {
            unproven.release();
        }
        if (!hello.purpose().equals(Handshake.CALLS)) {
            quietly(socket); // a probe ends with its welcome
            return;
        }
        links.add(link);
        if (closed) {
            link.close();
            return;
        }
        // this thread reads and runs the calls until a call holds it up: then a call thread takes the turn (TurnKeeper)
        link.serve(hello.node(), handler, calls, keeper, () -> links.remove(link));
    }

    /** Ends the links from a node (it left the cluster): its calls in progress cannot be answered any more. */
    public void closeLinksFrom(String node) {
        links.stream().filter(link -> link.node().equals(node)).forEach(InboundLink::close);
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        links.forEach(InboundLink::close);
        keeper.close();
    }

    /** The remote host, without its port: a refusal log is limited per host. */
    /** @param reason what was refused, in words; text from the peer only clipped ({@link Handshake#clip}) */
    private void refused(Socket socket, String kind, String reason) {
        String source = source(socket);
        refusals.warn(source + " " + kind, "refused a node link from {}: {}", source, reason);
    }

    private static String source(Socket socket) {
        return socket.getInetAddress() == null ? "?" : socket.getInetAddress().getHostAddress();
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
