package io.switchboard.testkit.internal;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * A bundle's class space as OSGi makes it, on a plain class path: the packages the bundle imports
 * come from the test's class path (so that it shares the components API, the promise API and
 * Jackson with the mesh), everything else from the jar first. Two releases of one component, with
 * the same class names and resource paths, therefore each see their own.
 */
final class BundleClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Set<String> imported;

    BundleClassLoader(String name, URL jar, ClassLoader parent, Set<String> imported) {
        super(name, new URL[] {jar}, parent);
        this.imported = Set.copyOf(imported);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                String packageName = name.lastIndexOf('.') < 0 ? "" : name.substring(0, name.lastIndexOf('.'));
                if (name.startsWith("java.") || imported.contains(packageName)) {
                    type = getParent().loadClass(name);
                } else {
                    try {
                        type = findClass(name);
                    } catch (ClassNotFoundException notInTheJar) {
                        type = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
