package io.switchboard.api.mesh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;

/**
 * Declares a mesh component: a class the mesh instantiates once the bundle is active and every
 * required dependency has a matching instance.
 *
 * <p>The class needs a public constructor taking a {@link Happn} (or none); if it implements
 * {@link AutoCloseable}, {@code close()} is called when the instance stops, after it has drained.
 * Its exchange is the public methods of the {@link #api()} interfaces, or, with none given, the
 * public methods the class itself declares. A method may return a plain value or an OSGi
 * {@code Promise}.
 *
 * <p>The declaration is also written into the bundle's manifest at build time, as a capability in
 * the {@value #NAMESPACE} namespace with the attributes {@code name}, {@code version} (if declared),
 * {@code events}, {@code dependencies}, {@code optional.dependencies} and {@code class}, so tools and
 * the console can read it without starting, or even resolving, the bundle.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Capability(namespace = MeshComponent.NAMESPACE, attribute = "class=${@class}")
@Requirement(namespace = "osgi.extender", name = MeshComponent.EXTENDER, version = "1.0.0")
public @interface MeshComponent {

    /** The capability namespace under which a bundle's manifest declares its components. */
    String NAMESPACE = "io.switchboard.mesh.component";

    /** The extender that brings components to life: the mesh bundle. */
    String EXTENDER = "io.switchboard.mesh";

    /** The component's name, unique per version across the mesh, e.g. {@code deviceManager}. */
    @Attribute("name")
    String name();

    /** A semantic version such as {@code 1.2.0}; empty means the bundle's version. */
    @Attribute("version")
    String version() default "";

    /** The interfaces whose methods form the exchange; empty means the class's own public methods. */
    Class<?>[] api() default {};

    /** The events this component emits (documentation for callers and tooling). */
    @Attribute("events")
    String[] events() default {};

    /**
     * Components this one needs, each as {@code "name range"}, for example
     * {@code "deviceManager ^1.0.0"} or {@code "auditLog >=1.2.0 <3.0.0"}. The component is not
     * started until every one of them has a live instance whose version satisfies the range.
     */
    @Attribute("dependencies")
    String[] dependencies() default {};

    /** Like {@link #dependencies()}, but the component starts without waiting for them. */
    @Attribute("optional.dependencies")
    String[] optionalDependencies() default {};
}
