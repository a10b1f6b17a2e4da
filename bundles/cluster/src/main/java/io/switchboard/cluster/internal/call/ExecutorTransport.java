package io.switchboard.cluster.internal.call;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.exception.TargetNotMemberException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.join.HazelcastMember;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.mesh.Instance;

/**
 * Calls through Hazelcast's executor ({@code submitToMember}), the alternative the issue asked to
 * measure against the node link; bench/cluster.sh runs both in one run. It stays selectable
 * ({@code callTransport = executor}) for that comparison only: the link is faster (see
 * bench/README-cluster.md). The task is an {@link IdentifiedDataSerializable} with a registered
 * factory, so Hazelcast never loads a class of this bundle by name.
 */
public final class ExecutorTransport implements CallTransport {

    /** The executor's name; its pool size is {@code callThreads}. */
    public static final String EXECUTOR = "switchboard-calls";
    /** Where a member finds its call handler: a key of Hazelcast's user context. */
    public static final String HANDLER = "switchboard.calls";
    public static final int FACTORY_ID = 0x5b0a;
    private static final int CALL_TASK = 1;

    private final HazelcastInstance hazelcast;
    private final String self;
    private final PromiseFactory promises;
    private final Executor answers;

    public ExecutorTransport(HazelcastInstance hazelcast, String self, Executor answers) {
        this.hazelcast = hazelcast;
        this.self = self;
        this.promises = new PromiseFactory(PromiseFactory.inlineExecutor());
        this.answers = answers;
    }

    /** The factory every member registers, so tasks are created without loading classes by name. */
    public static DataSerializableFactory factory() {
        return id -> id == CALL_TASK ? new CallTask() : null;
    }

    @Override
    public Promise<Reply> call(String node, byte[] payload) {
        Member target = hazelcast.getCluster().getMembers().stream()
                .filter(member -> node.equals(member.getAttribute(HazelcastMember.NODE_ATTRIBUTE))).findFirst().orElse(null);
        if (target == null) {
            return promises.failed(new SwitchboardException(Instance.GONE, "node " + node + " is not a member"));
        }
        Deferred<Reply> answer = promises.deferred();
        Future<byte[]> future = hazelcast.getExecutorService(EXECUTOR).submitToMember(new CallTask(self, payload), target);
        // Completed on an answer thread, named explicitly: Hazelcast runs other callbacks on the common
        // ForkJoinPool, which is a new thread per callback on 2 cores (notes P1).
        ((CompletionStage<byte[]>) future).whenCompleteAsync((reply, failure) -> {
            if (failure == null) {
                answer.resolve(new Reply(reply[0], Arrays.copyOfRange(reply, 1, reply.length)));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                answer.fail(cause instanceof TargetNotMemberException
                        ? new SwitchboardException(Instance.GONE, "node " + node + " is not a member")
                        : new SwitchboardException(ClusterErrors.NODE_LEFT, "node " + node
                                + (cause instanceof MemberLeftException ? " left the cluster" : " failed to answer (" + cause.getMessage() + ")")
                                + " after the call was sent; it may or may not have run"));
            }
        }, answers);
        return answer.getPromise();
    }

    /** One call, run on the target member by its handler; the answer is the reply's type byte and payload. */
    static final class CallTask implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

        private String from;
        private byte[] payload;
        private transient HazelcastInstance hazelcast;

        CallTask() {
        }

        CallTask(String from, byte[] payload) {
            this.from = from;
            this.payload = payload;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            this.hazelcast = hazelcast;
        }

        @Override
        public byte[] call() throws ExecutionException, InterruptedException {
            CallHandler handler = (CallHandler) hazelcast.getUserContext().get(HANDLER);
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            handler.handle(from, payload, new CallHandler.Responder() {
                @Override
                public void ack() {
                    // the executor's answer is the acknowledgement
                }

                @Override
                public void answer(byte type, byte[] body) {
                    byte[] bytes = new byte[1 + (body == null ? 0 : body.length)];
                    bytes[0] = type;
                    if (body != null) {
                        System.arraycopy(body, 0, bytes, 1, body.length);
                    }
                    reply.complete(bytes);
                }
            });
            return reply.get();
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CALL_TASK;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(from);
            out.writeByteArray(payload);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            from = in.readString();
            payload = in.readByteArray();
        }
    }
}
