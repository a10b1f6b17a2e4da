package io.switchboard.subscription.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.data.DataEvent;
import io.switchboard.data.path.PathPattern;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;
import io.switchboard.subscription.PatternsListener;
import io.switchboard.subscription.SubscribedPattern;

/**
 * Every live subscription, in a trie over path segments: literal segments are hash-map children,
 * {@code *} and {@code **} have a child of their own. Finding the recipients of a path visits only
 * the branches that can match it, so the cost depends on the path's length and on how many
 * patterns share its prefixes, not on how many subscriptions exist.
 *
 * <p>Lookups take no lock; changes are serialised by the index's monitor. Each node's subscribers
 * are an append-only array published through a volatile field, so a lookup sees either the old or
 * the new list, never a half-made one.
 *
 * <p>It also counts the subscriptions of each distinct pattern and event type, and tells the
 * {@link PatternsListener}s (the cluster) when one appears or goes.
 */
@Component(service = { RecipientSource.class, SubscriptionIndex.class })
public final class SubscriptionIndex implements RecipientSource {

    private static final String ONE = "*";
    private static final String ANY = "**";

    private static final class Bucket {
        static final Bucket EMPTY = new Bucket(new Subscriber[0], 0);
        final Subscriber[] items;
        final int size;

        Bucket(Subscriber[] items, int size) {
            this.items = items;
            this.size = size;
        }
    }

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Node one;
        volatile Node any;
        volatile Bucket subscribers = Bucket.EMPTY;

        boolean isEmpty() {
            return children.isEmpty() && one == null && any == null && subscribers.size == 0;
        }
    }

    /**
     * Collects the matches of one lookup. Most publications have zero or one recipient, so the first
     * match is kept in a field and a list is made only for a second; repeats are removed only when a
     * pattern could produce them.
     */
    private static final class Matches {
        final DataEvent.Action action;
        Subscriber first;
        List<Subscriber> more;
        boolean repeatsPossible;

        Matches(DataEvent.Action action) {
            this.action = action;
        }

        void add(Bucket bucket, int anyConsumed) {
            for (int i = 0; i < bucket.size; i++) {
                Subscriber s = bucket.items[i];
                if (s.wants(action) && anyConsumed <= s.depth()) {
                    if (first == null) {
                        first = s;
                    } else {
                        if (more == null) {
                            more = new ArrayList<>(4);
                        }
                        more.add(s);
                    }
                    repeatsPossible |= s.mayMatchTwice();
                }
            }
        }

        void emit(Consumer<? super Subscriber> sink) {
            if (first == null) {
                return;
            }
            if (more == null) {
                sink.accept(first);
                return;
            }
            Set<Subscriber> seen = repeatsPossible ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
            if (seen == null || seen.add(first)) {
                sink.accept(first);
            }
            for (int i = 0; i < more.size(); i++) {
                Subscriber s = more.get(i);
                if (seen == null || seen.add(s)) {
                    sink.accept(s);
                }
            }
        }
    }

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Promise<Void> KNOWN = PROMISES.resolved(null);

    private final Node root = new Node();
    private final Map<String, Subscriber> byId = new ConcurrentHashMap<>();
    /** Each session's subscriptions, so that ending a session's subscriptions costs its own count, not everyone's. */
    private final Map<String, Set<Subscriber>> bySession = new ConcurrentHashMap<>();
    /** How many subscriptions each distinct pattern has; changed under the index's monitor. */
    private final Map<SubscribedPattern, Integer> patternCounts = new HashMap<>();
    private final List<PatternsListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PatternsListener listener) {
        listeners.add(listener);
    }

    void removeListener(PatternsListener listener) {
        listeners.remove(listener);
    }

    /**
     * Registers a subscription.
     *
     * @return resolves at once, or, when the subscription brought a new pattern, once every
     *         {@link PatternsListener} says the change took effect (never fails)
     */
    Promise<Void> add(Subscriber subscriber) {
        return register(subscriber) ? patternsChanged() : KNOWN;
    }

    private synchronized boolean register(Subscriber subscriber) {
        Node node = root;
        for (String segment : subscriber.pattern().segments()) {
            node = child(node, segment);
        }
        Bucket bucket = node.subscribers;
        Subscriber[] items = bucket.items;
        if (bucket.size == items.length) {
            items = Arrays.copyOf(items, Math.max(2, items.length * 2));
        }
        items[bucket.size] = subscriber; // beyond every published size: no reader looks here yet
        node.subscribers = new Bucket(items, bucket.size + 1);
        byId.put(subscriber.id(), subscriber);
        if (subscriber.session() != null) {
            bySession.computeIfAbsent(subscriber.session(), session -> ConcurrentHashMap.newKeySet()).add(subscriber);
        }
        return patternCounts.merge(subscriber.distinct(), 1, Integer::sum) == 1;
    }

    /** Removes a subscription; returns false when it was not (or no longer) registered. */
    boolean remove(Subscriber subscriber) {
        Removal removal = unregister(subscriber);
        if (removal == Removal.LAST_OF_ITS_PATTERN) {
            patternsChanged(); // nobody waits for a pattern to go: events of it that still come are dropped here
        }
        return removal != Removal.NOT_REGISTERED;
    }

    private enum Removal {
        NOT_REGISTERED, REMOVED, LAST_OF_ITS_PATTERN
    }

    private synchronized Removal unregister(Subscriber subscriber) {
        if (!byId.remove(subscriber.id(), subscriber)) {
            return Removal.NOT_REGISTERED;
        }
        Removal removal = patternCounts.computeIfPresent(subscriber.distinct(), (key, count) -> count == 1 ? null : count - 1) == null
                ? Removal.LAST_OF_ITS_PATTERN : Removal.REMOVED;
        if (subscriber.session() != null) {
            bySession.computeIfPresent(subscriber.session(), (session, own) -> own.remove(subscriber) && own.isEmpty() ? null : own);
        }
        List<Node> trail = new ArrayList<>();
        Node node = root;
        trail.add(node);
        for (String segment : subscriber.pattern().segments()) {
            node = existingChild(node, segment);
            if (node == null) {
                return removal;
            }
            trail.add(node);
        }
        Bucket bucket = node.subscribers;
        Subscriber[] kept = new Subscriber[Math.max(0, bucket.size - 1)];
        int n = 0;
        for (int i = 0; i < bucket.size; i++) {
            if (bucket.items[i] != subscriber && n < kept.length) {
                kept[n++] = bucket.items[i];
            }
        }
        node.subscribers = n == 0 ? Bucket.EMPTY : new Bucket(kept, n);
        prune(trail, subscriber.pattern().segments());
        return removal;
    }

    /** The distinct patterns of the live subscriptions: a copy made when asked (a listener asks once for many changes). */
    synchronized Set<SubscribedPattern> patterns() {
        return Set.copyOf(patternCounts.keySet());
    }

    /** Tells every listener, outside the monitor; resolves when all of them say the change took effect. */
    private Promise<Void> patternsChanged() {
        List<Promise<Void>> waits = new ArrayList<>(listeners.size());
        for (PatternsListener listener : listeners) {
            try {
                waits.add(listener.patternsChanged().recover(failed -> null));
            } catch (RuntimeException e) {
                // a listener that throws does not hold up subscribing
            }
        }
        return waits.isEmpty() ? KNOWN : PROMISES.all(waits).map(all -> null);
    }

    Subscriber byId(String id) {
        return byId.get(id);
    }

    /** A snapshot of every registered subscription. */
    List<Subscriber> all() {
        return List.copyOf(byId.values());
    }

    /** A snapshot of one session's subscriptions. */
    List<Subscriber> ofSession(String session) {
        Set<Subscriber> own = bySession.get(session);
        return own == null ? List.of() : List.copyOf(own);
    }

    int countOf(String session) {
        Set<Subscriber> own = bySession.get(session);
        return own == null ? 0 : own.size();
    }

    int size() {
        return byId.size();
    }

    @Override
    public void collect(DataEvent event, Consumer<Recipient> sink) {
        Matches matches = new Matches(event.action());
        List<String> removed = event.removedPaths();
        if (removed.isEmpty()) {
            matchFromRoot(event.path(), matches);
        } else {
            for (String path : removed) {
                matchFromRoot(path, matches);
            }
            matches.repeatsPossible |= removed.size() > 1;
        }
        matches.emit(sink);
    }

    /** The subscriptions whose pattern matches a path (for tests and benchmarks). */
    List<Subscriber> match(String path, DataEvent.Action action) {
        Matches matches = new Matches(action);
        matchFromRoot(path, matches);
        List<Subscriber> result = new ArrayList<>();
        matches.emit(result::add);
        return result;
    }

    /**
     * A path in the reserved tree reaches only the patterns that name it ({@link PathPattern#reachesReserved}):
     * the root's {@code *} and {@code **} branches are left out for it.
     */
    private void matchFromRoot(String path, Matches matches) {
        if (PathPattern.reachesReserved(path, false)) {
            match(root, path, 1, 0, matches);
            return;
        }
        Node reserved = root.children.get(PathPattern.RESERVED);
        if (reserved != null) {
            match(reserved, path, PathPattern.RESERVED.length() + 2, 0, matches);
        }
    }

    /*
     * 'pos' is where the next segment of the path starts; past the end means the path is used up.
     * 'anyConsumed' is how many segments the most recent '**' has taken, checked against depth.
     */
    private void match(Node node, String path, int pos, int anyConsumed, Matches matches) {
        int length = path.length();
        Node any = node.any;
        if (pos > length) {
            matches.add(node.subscribers, anyConsumed);
            if (any != null) {
                matchAny(any, path, pos, matches);
            }
            return;
        }
        int end = path.indexOf('/', pos);
        if (end < 0) {
            end = length;
        }
        int next = end + 1;
        if (!node.children.isEmpty()) {
            Node literal = node.children.get(path.substring(pos, end));
            if (literal != null) {
                match(literal, path, next, anyConsumed, matches);
            }
        }
        Node one = node.one;
        if (one != null) {
            match(one, path, next, anyConsumed, matches);
        }
        if (any != null) {
            matchAny(any, path, pos, matches);
        }
    }

    /** A '**' takes zero, one, two ... segments; continue after each choice. */
    private void matchAny(Node any, String path, int pos, Matches matches) {
        int consumed = 0;
        int at = pos;
        while (true) {
            match(any, path, at, consumed, matches);
            if (at > path.length()) {
                return;
            }
            int end = path.indexOf('/', at);
            at = end < 0 ? path.length() + 1 : end + 1;
            consumed++;
        }
    }

    private static Node child(Node node, String segment) {
        switch (segment) {
            case ONE -> {
                if (node.one == null) {
                    node.one = new Node();
                }
                return node.one;
            }
            case ANY -> {
                if (node.any == null) {
                    node.any = new Node();
                }
                return node.any;
            }
            default -> {
                return node.children.computeIfAbsent(segment, s -> new Node());
            }
        }
    }

    private static Node existingChild(Node node, String segment) {
        return switch (segment) {
            case ONE -> node.one;
            case ANY -> node.any;
            default -> node.children.get(segment);
        };
    }

    /** Drops nodes left empty by a removal, deepest first, so churn does not leak memory. */
    private static void prune(List<Node> trail, List<String> segments) {
        for (int i = trail.size() - 1; i > 0; i--) {
            Node node = trail.get(i);
            if (!node.isEmpty()) {
                return;
            }
            Node parent = trail.get(i - 1);
            String segment = segments.get(i - 1);
            switch (segment) {
                case ONE -> parent.one = null;
                case ANY -> parent.any = null;
                default -> parent.children.remove(segment);
            }
        }
    }
}
