package io.switchboard.cluster.internal.join;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.ClusterSettings;
import io.switchboard.cluster.internal.Refusal;
import io.switchboard.cluster.internal.link.ClusterSecret;
import io.switchboard.cluster.internal.link.Handshake;
import io.switchboard.cluster.internal.link.LinkRefused;

/**
 * Before this node starts its Hazelcast member, it asks each configured member that is up, over that
 * member's link port, whether it may join: both prove the cluster secret, and the member says
 * whether this node's name is taken. A node that fails either is refused here, before Hazelcast
 * starts, so the running members never see it join and leave. (A member that is down is skipped; two
 * nodes that start at once under one name are caught after the join, see {@link HazelcastMember}.)
 */
public final class Preflight {

    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    /** A member's answer. */
    private record Answer(InetSocketAddress member, String peer, String nameTakenBy, LinkRefused refused) {
    }

    private Preflight() {
    }

    /** @throws Refusal (exit code 4) when a member holds another secret, or this node's name is used by another live node */
    public static void check(ClusterSettings settings, ClusterSecret secret) throws Refusal, InterruptedException {
        if (settings.members().isEmpty()) {
            return;
        }
        ExecutorService probes = Executors.newFixedThreadPool(Math.min(8, settings.members().size()), r -> {
            Thread thread = new Thread(r, "switchboard-cluster-preflight");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (InetSocketAddress member : settings.members()) {
                answers.add(probes.submit(() -> ask(member, settings, secret)));
            }
            String self = ClusterSettings.hostPort(settings.memberAddress());
            for (Future<Answer> future : answers) {
                Answer answer = future.get();
                if (answer == null) {
                    continue;
                }
                if (answer.refused() != null) {
                    if (answer.refused().code().equals(ClusterErrors.WRONG_SECRET)) {
                        throw new Refusal(Refusal.REFUSED, "the member at " + ClusterSettings.hostPort(answer.member())
                                + " holds another cluster secret: check SWITCHBOARD_CLUSTER_SECRET on both nodes");
                    }
                    throw new Refusal(Refusal.REFUSED, "the member at " + ClusterSettings.hostPort(answer.member()) + " refused this node: "
                            + answer.refused().getMessage());
                }
                if (answer.nameTakenBy() != null && !answer.nameTakenBy().equals(self)) {
                    throw new Refusal(Refusal.REFUSED, "the node name '" + settings.node() + "' is already used by the member at "
                            + answer.nameTakenBy() + ": give this node another SWITCHBOARD_NODE_NAME");
                }
                if (answer.nameTakenBy() != null) {
                    // this node's earlier run, at this very address: it is dead (its port was free), the members will see it go
                    LOG.info("the members still list this node's earlier run at {}; joining in its place", self);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a membership probe failed", e.getCause());
        } finally {
            probes.shutdownNow();
        }
    }

    /** @return null when the member is not reachable (it is down, or not started yet) */
    private static Answer ask(InetSocketAddress member, ClusterSettings settings, ClusterSecret secret) {
        InetSocketAddress link = new InetSocketAddress(member.getAddress(), member.getPort() + 1);
        try (Socket socket = new Socket()) {
            socket.connect(link, CONNECT_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream());
            Handshake.Welcome welcome = Handshake.connect(socket, in, out, secret, settings.node(), Handshake.PROBE);
            String taken = welcome.content().path("nameTakenBy").asText(null);
            return new Answer(member, welcome.node(), taken, null);
        } catch (LinkRefused e) {
            return new Answer(member, null, null, e);
        } catch (IOException e) {
            LOG.debug("member {} did not answer the probe: {}", ClusterSettings.hostPort(member), e.toString());
            return null;
        }
    }
}
