package io.switchboard.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a {@link TestMesh} of its own, closed when the test ends:
 *
 * <pre>{@code
 * @ExtendWith(TestMeshExtension.class)
 * class DeviceReportTest {
 *     @Test
 *     void countsAlerts(TestMesh mesh) { ... }
 * }
 * }</pre>
 *
 * A {@code @BeforeEach} method that takes a {@code TestMesh} gets the same one as its test; a
 * {@code @BeforeAll} method gets one for the whole class.
 */
public final class TestMeshExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(TestMeshExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestMesh.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Closing.class, key -> new Closing(TestMesh.create()), Closing.class)
                .mesh();
    }

    /** The store closes what it holds when its test (or class) ends. */
    private record Closing(TestMesh mesh) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            mesh.close();
        }
    }
}
