package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/** The extension gives each test a mesh of its own, the same one its @BeforeEach got, and closes it after the test. */
@ExtendWith(TestMeshExtension.class)
class TestMeshExtensionTest {

    private static final AtomicInteger CLOSED = new AtomicInteger();
    private TestMesh before;

    /** A component that counts how often a mesh closed it. */
    @MeshComponent(name = "closer", version = "1.0.0")
    public static final class Closer implements AutoCloseable {
        public Closer(Happn happn) {
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @BeforeEach
    void startCloser(TestMesh mesh) {
        before = mesh;
        mesh.start(Closer.class);
    }

    @Test
    void theTestGetsTheMeshItsBeforeEachGot(TestMesh mesh) {
        assertSame(before, mesh);
        assertEquals(List.of("closer@1.0.0"), mesh.running(), "a fresh mesh: nothing from another test");
    }

    @Test
    void aSecondTestGetsAFreshMeshToo(TestMesh mesh) {
        assertEquals(List.of("closer@1.0.0"), mesh.running());
    }

    @AfterAll
    static void everyMeshWasClosed() {
        assertEquals(2, CLOSED.get());
    }
}
