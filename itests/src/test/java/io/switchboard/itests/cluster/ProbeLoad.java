package io.switchboard.itests.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.support.ClusterNodes;

/**
 * Load from a client of one node, on a thread of its own until closed: batches of calls to
 * probeTarget through that node's probeCaller (4 in flight, round robin: every matching instance,
 * of either version, takes its turn, so instances that leave are called until they go), or
 * batches of {@code any} events through its probeEmitter, numbered from a start. Counts what was
 * done and keeps every failure; a client whose node goes away (its HTTP request fails) stops, and
 * that is kept as a failure too.
 */
final class ProbeLoad implements AutoCloseable {

    private static final Pattern HANDLED = Pattern.compile("probe handled any (\\d+)");

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile long done;
    private volatile long failed;
    private volatile long firstFailureAt;
    private volatile long lastFailureAt;
    private volatile String nodeLost;

    private ProbeLoad(String name, Runnable batch) {
        this.thread = new Thread(() -> {
            while (running.get()) {
                try {
                    batch.run();
                } catch (RuntimeException e) {
                    nodeLost = String.valueOf(e);
                    errors.add("the client lost its node: " + e);
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Calls through {@code node}'s probeCaller, over the versions in {@code range} (null: any). */
    static ProbeLoad calls(ClusterNodes cluster, String node, String range) {
        ProbeLoad[] load = new ProbeLoad[1];
        load[0] = new ProbeLoad("calls from " + node + " " + range, () -> {
            MeshHttp.Answer answer = cluster.admin(node).call("probeCaller", "benchIn", null, 100, 4, "roundRobin", range);
            JsonNode report = answer.body();
            load[0].count(answer, report.path("calls").asLong(), report.path("failed").asLong(), report.path("errors").toString());
            if (report.path("failed").asLong() > 0) {
                load[0].failedBetween(report.path("firstFailureAt").asLong(), report.path("lastFailureAt").asLong());
            }
        });
        load[0].thread.start();
        return load[0];
    }

    /** {@code any} events through {@code node}'s probeEmitter, their {@code seq} counting up from {@code from}. */
    static ProbeLoad events(ClusterNodes cluster, String node, int from) {
        ProbeLoad[] load = new ProbeLoad[1];
        load[0] = new ProbeLoad("events from " + node, () -> {
            int next = from + (int) load[0].done;
            MeshHttp.Answer answer = cluster.admin(node).call("probeEmitter", "emit", null, "any/up", next, 20, false);
            long unacknowledged = 0;
            if (answer.status() == 200) {
                int seq = next;
                for (JsonNode acks : answer.body()) {
                    if (acks.asInt() == 1) {
                        load[0].acknowledged.add(seq);
                    } else {
                        unacknowledged++;
                    }
                    seq++;
                }
            }
            load[0].count(answer, answer.status() == 200 ? answer.body().size() : 0, unacknowledged, answer.body().toString());
        });
        load[0].thread.start();
        return load[0];
    }

    private void count(MeshHttp.Answer answer, long count, long failures, String detail) {
        if (answer.status() != 200) {
            errors.add(answer.status() + " " + answer.body());
            return;
        }
        done += count;
        failed += failures;
        if (failures > 0) {
            errors.add(failures + " failed: " + detail);
        }
    }

    private synchronized void failedBetween(long first, long last) {
        firstFailureAt = firstFailureAt == 0 ? first : Math.min(firstFailureAt, first);
        lastFailureAt = Math.max(lastFailureAt, last);
    }

    long calls() {
        return done;
    }

    long emitted() {
        return done;
    }

    long failed() {
        return failed;
    }

    /** When the first and the last failed call ended, as the calling node saw it (ms since the epoch; 0 when none failed). */
    long[] failureWindow() {
        return new long[] {firstFailureAt, lastFailureAt};
    }

    /** What stopped this client because its node went away, or null. */
    String nodeLost() {
        return nodeLost;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** The {@code seq} of every event one subscriber acknowledged. */
    List<Integer> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Stops after the batch under way. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times each {@code any} event was handled, over the logs of probeListener's nodes. */
    static Map<Integer, Integer> handled(Collection<String> logs) {
        Map<Integer, Integer> handled = new HashMap<>();
        for (String log : logs) {
            Matcher matcher = HANDLED.matcher(log);
            while (matcher.find()) {
                handled.merge(Integer.parseInt(matcher.group(1)), 1, Integer::sum);
            }
        }
        return handled;
    }

    /** The events of {@code seqs} that no listener handled. */
    static List<Integer> lost(Collection<Integer> seqs, Map<Integer, Integer> handled) {
        return seqs.stream().filter(seq -> handled.getOrDefault(seq, 0) == 0).sorted().toList();
    }

    /** How many extra times the events of {@code seqs} were handled (at least once: a retry after a lost ack repeats one). */
    static int duplicates(Collection<Integer> seqs, Map<Integer, Integer> handled) {
        return seqs.stream().mapToInt(seq -> Math.max(0, handled.getOrDefault(seq, 0) - 1)).sum();
    }
}
