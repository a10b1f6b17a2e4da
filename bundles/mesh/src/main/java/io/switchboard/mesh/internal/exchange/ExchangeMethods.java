package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.switchboard.api.mesh.NonBlocking;

/**
 * The methods a component offers, by name and argument count. Overloads with the same name and
 * argument count cannot be told apart when arguments arrive as data, so they are refused.
 */
public final class ExchangeMethods {

    private final Map<String, Method[]> byName;
    private final List<String> signatures;
    /** The methods that say they return without waiting ({@link NonBlocking}). */
    private final Set<Method> nonBlocking;

    private ExchangeMethods(Map<String, Method[]> byName, List<String> signatures, Set<Method> nonBlocking) {
        this.byName = byName;
        this.signatures = signatures;
        this.nonBlocking = nonBlocking;
    }

    /**
     * @param api the interfaces whose methods form the exchange; empty for the type's own public methods
     * @throws IllegalArgumentException when two methods share a name and an argument count
     */
    public static ExchangeMethods of(Class<?> type, Class<?>[] api) {
        List<Method> methods = new ArrayList<>();
        if (api.length == 0) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()
                        && !(m.getName().equals("close") && m.getParameterCount() == 0)) {
                    methods.add(m);
                }
            }
        } else {
            for (Class<?> face : api) {
                if (!face.isInterface() || !face.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(type.getName() + " does not implement the api interface " + face.getName());
                }
                for (Method m : face.getMethods()) {
                    if (!Modifier.isStatic(m.getModifiers())) {
                        methods.add(m);
                    }
                }
            }
        }
        Map<String, Method[]> byName = new HashMap<>();
        TreeSet<String> signatures = new TreeSet<>();
        for (Method m : methods) {
            // public by the rules above; without the check Method.invoke repeats on every call (2 % of a
            // remote call's server CPU, profiled). Where a module refuses, the check stays.
            m.trySetAccessible();
            Method[] arities = byName.computeIfAbsent(m.getName(), n -> new Method[0]);
            int arity = m.getParameterCount();
            if (arities.length > arity && arities[arity] != null && !sameSignature(arities[arity], m)) {
                throw new IllegalArgumentException(type.getName() + " has two exchange methods " + m.getName() + " taking "
                        + arity + " arguments; arguments arrive as data and cannot choose between them");
            }
            if (arities.length <= arity) {
                Method[] grown = new Method[arity + 1];
                System.arraycopy(arities, 0, grown, 0, arities.length);
                arities = grown;
                byName.put(m.getName(), arities);
            }
            arities[arity] = m;
            signatures.add(m.getName() + "(" + arity + ")");
        }
        Set<Method> nonBlocking = new HashSet<>();
        for (Method m : methods) {
            if (saysNonBlocking(type, m)) {
                nonBlocking.add(m);
            }
        }
        return new ExchangeMethods(Map.copyOf(byName), List.copyOf(signatures), Set.copyOf(nonBlocking));
    }

    /**
     * {@link NonBlocking} on the exchange method, on the class's implementation of it, or on the type
     * that declares either (the api interface, the component's class).
     */
    private static boolean saysNonBlocking(Class<?> type, Method method) {
        if (method.isAnnotationPresent(NonBlocking.class) || method.getDeclaringClass().isAnnotationPresent(NonBlocking.class)) {
            return true;
        }
        try {
            Method implementation = type.getMethod(method.getName(), method.getParameterTypes());
            return implementation.isAnnotationPresent(NonBlocking.class) || implementation.getDeclaringClass().isAnnotationPresent(NonBlocking.class);
        } catch (NoSuchMethodException e) {
            return false; // not public on the class: only what the exchange method says counts
        }
    }

    private static boolean sameSignature(Method a, Method b) {
        return java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    /** The method, or null when there is none with this name and argument count. */
    public Method find(String name, int arity) {
        Method[] arities = byName.get(name);
        return arities == null || arities.length <= arity ? null : arities[arity];
    }

    /** Whether the method of this name and argument count says it returns without waiting; false when there is none. */
    public boolean nonBlocking(String name, int arity) {
        Method method = find(name, arity);
        return method != null && nonBlocking.contains(method);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** {@code name(arity)} for each method, sorted. */
    public List<String> signatures() {
        return signatures;
    }
}
