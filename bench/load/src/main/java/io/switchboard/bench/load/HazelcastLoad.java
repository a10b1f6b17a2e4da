package io.switchboard.bench.load;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's executor ({@code submitToMember}) between two JVMs on loopback: the alternative to
 * the cluster's node link that issue 12 asked to measure in the same run (bench/cluster.sh). Both
 * JVMs are embedded members configured as the cluster bundle configures its own (TCP-IP join on
 * 127.0.0.1, no phone-home, 23 partitions, Jet off); the task carries a payload of the size of a
 * small call and comes back with it, as an {@link IdentifiedDataSerializable} with a registered
 * factory, as the cluster bundle's executor transport does.
 * <pre>
 *   member PORT PEER              the other member, which runs the tasks
 *   call   PORT PEER [N]          one task in flight: p50, p99
 *   pipe   PORT PEER [N] [WINDOW] WINDOW tasks in flight: calls/s, p99
 * </pre>
 */
public final class HazelcastLoad {

    private static final int FACTORY = 7;
    private static final byte[] PAYLOAD = ("{\"c\":\"probeTarget\",\"v\":\"1.0.0\",\"m\":\"echo\",\"a\":[{\"deviceId\":\"thermostat-1\","
            + "\"value\":21.5,\"note\":\"" + "x".repeat(40) + "\"}],\"o\":{\"k\":\"USER\",\"n\":\"admin\"},\"h\":0}").getBytes();

    private HazelcastLoad() {
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        int port = Integer.parseInt(args[1]);
        int peer = Integer.parseInt(args[2]);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(port, peer));
        switch (workload) {
            case "member" -> {
                System.out.println("READY");
                Thread.currentThread().join();
            }
            case "call" -> call(member, other(member), args.length > 3 ? Integer.parseInt(args[3]) : 20_000);
            case "pipe" -> pipe(member, other(member), args.length > 3 ? Integer.parseInt(args[3]) : 100_000,
                    args.length > 4 ? Integer.parseInt(args[4]) : 100);
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
        member.shutdown();
        System.exit(0);
    }

    private static Config config(int port, int peer) {
        Config config = new Config();
        config.setClusterName("switchboard-bench");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.getMetricsConfig().setEnabled(false);
        config.getJetConfig().setEnabled(false);
        config.getAdvancedNetworkConfig().setEnabled(true).setMemberEndpointConfig(new ServerSocketEndpointConfig().setPort(port)
                .setPortAutoIncrement(false).setSocketTcpNoDelay(true).setInterfaces(new InterfacesConfig().setEnabled(true).addInterface("127.0.0.1")));
        JoinConfig join = config.getAdvancedNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1:" + port, "127.0.0.1:" + peer));
        config.getSerializationConfig().addDataSerializableFactory(FACTORY, id -> new Echo());
        return config;
    }

    private static Member other(HazelcastInstance member) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (member.getCluster().getMembers().size() < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other member did not join");
            }
            Thread.sleep(50);
        }
        return member.getCluster().getMembers().stream().filter(m -> !m.localMember()).findFirst().orElseThrow();
    }

    private static void call(HazelcastInstance member, Member target, int n) throws Exception {
        IExecutorService executor = member.getExecutorService("bench");
        Stats latency = new Stats(n);
        for (int i = 0; i < 2_000 + n; i++) {
            long start = System.nanoTime();
            executor.submitToMember(new Echo(PAYLOAD), target).get();
            if (i >= 2_000) {
                latency.add(System.nanoTime() - start);
            }
        }
        System.out.printf("call p50_us %.1f%ncall p99_us %.1f%n", latency.micros(0.5), latency.micros(0.99));
    }

    private static void pipe(HazelcastInstance member, Member target, int n, int window) throws Exception {
        IExecutorService executor = member.getExecutorService("bench");
        for (int round = 0; round < 2; round++) { // the first round warms up
            Semaphore places = new Semaphore(window);
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger failed = new AtomicInteger();
            Stats latency = new Stats(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                places.acquire();
                long sent = System.nanoTime();
                executor.submitToMember(new Echo(PAYLOAD), target, new ExecutionCallback<byte[]>() {
                    @Override
                    public void onResponse(byte[] response) {
                        synchronized (latency) {
                            latency.add(System.nanoTime() - sent);
                        }
                        places.release();
                        done.countDown();
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        failed.incrementAndGet();
                        places.release();
                        done.countDown();
                    }
                });
            }
            if (!done.await(180, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the pipelined tasks did not finish");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round == 1) {
                System.out.printf("pipe calls_per_s %.0f%npipe p99_us %.1f%npipe failed %d%n", n / seconds, latency.micros(0.99), failed.get());
            }
        }
    }

    /** The task: comes back with its payload. */
    public static final class Echo implements Callable<byte[]>, IdentifiedDataSerializable {

        private byte[] payload;

        public Echo() {
        }

        Echo(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public byte[] call() {
            return payload;
        }

        @Override
        public int getFactoryId() {
            return FACTORY;
        }

        @Override
        public int getClassId() {
            return 1;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeByteArray(payload);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            payload = in.readByteArray();
        }
    }
}
