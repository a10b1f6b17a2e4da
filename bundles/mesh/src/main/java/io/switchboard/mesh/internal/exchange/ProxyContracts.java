package io.switchboard.mesh.internal.exchange;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.registry.InstanceRegistry;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * The typed proxies components hold, each checked against every instance of its component in its
 * range: when the proxy is made, and whenever an instance comes (a new version deployed). A proxy
 * method the callee does not have, or types that do not fit (a field one side has and the other
 * lacks, a number read as a whole number), is reported before any call fails: logged once per
 * instance, and listed under {@code mismatches} in the holder's description. Calls that hit a
 * mismatch then fail with {@code mesh.incompatible-data}; a lenient proxy is checked for its
 * methods only.
 */
public final class ProxyContracts {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyContracts.class);

    /** One proxy: who holds it (an instance), on what, in which range. */
    private record Contract(String holderId, String holderLabel, String component, SemverRange range, Class<?> api, boolean lenient) {
    }

    private final InstanceRegistry registry;
    private final Executor checker;
    /** Per contract, what was found for each instance checked (empty: it fits). */
    private final Map<Contract, Map<String, List<String>>> findings = new ConcurrentHashMap<>();

    /** @param checker where checks run after a registry change: not the thread that changed it, which may hold the launcher's lock */
    public ProxyContracts(InstanceRegistry registry, Executor checker) {
        this.registry = registry;
        this.checker = checker;
        registry.onChange(this::registryChanged);
    }

    /** A component made a proxy: it is checked now against the instances in range, and later against new ones. */
    public void add(String holderId, String holderLabel, String component, SemverRange range, Class<?> api, boolean lenient) {
        Contract contract = new Contract(holderId, holderLabel, component, range, api, lenient);
        findings.putIfAbsent(contract, new ConcurrentHashMap<>());
        check(contract);
    }

    /** The holder stopped: its proxies are gone (and so are the references to its classes). */
    public void forget(String holderId) {
        findings.keySet().removeIf(contract -> contract.holderId().equals(holderId));
    }

    /** What does not fit in the proxies of the component {@code holderLabel} ({@code name@version}), for its description. */
    public List<String> mismatches(String holderLabel) {
        List<String> all = new ArrayList<>();
        findings.forEach((contract, byInstance) -> {
            if (contract.holderLabel().equals(holderLabel)) {
                byInstance.values().forEach(all::addAll);
            }
        });
        return all.stream().distinct().sorted().toList();
    }

    private void registryChanged() {
        if (findings.isEmpty()) {
            return;
        }
        try {
            checker.execute(() -> findings.keySet().forEach(this::check));
        } catch (RejectedExecutionException closing) {
            // the mesh is closing: nothing left to check
        }
    }

    private synchronized void check(Contract contract) {
        Map<String, List<String>> byInstance = findings.get(contract);
        if (byInstance == null) {
            return;
        }
        List<Instance> inRange = registry.instances(contract.component()).stream()
                .filter(entry -> contract.range().includes(entry.version())).map(Registered::instance).toList();
        Set<String> present = inRange.stream().map(Instance::id).collect(Collectors.toSet());
        byInstance.keySet().retainAll(present);
        for (Instance instance : inRange) {
            if (byInstance.containsKey(instance.id())) {
                continue;
            }
            List<String> found = mismatches(contract, instance);
            byInstance.put(instance.id(), found);
            if (!found.isEmpty()) {
                LOG.warn("{}'s proxy {} does not fit {}@{}: {}; calls that meet this fail (mesh.method-not-found, "
                        + "mesh.incompatible-data)", contract.holderLabel(), contract.api().getSimpleName(), instance.component(),
                        instance.version(),
                        found.stream().map(line -> line.substring(line.indexOf(": ") + 2)).collect(Collectors.joining("; ")));
            }
        }
    }

    private static List<String> mismatches(Contract contract, Instance instance) {
        String callee = instance.component() + "@" + instance.version();
        List<String> found = new ArrayList<>();
        for (Method method : contract.api().getMethods()) {
            if (method.getDeclaringClass() == Object.class || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            int arity = method.getParameterCount();
            String label = contract.api().getSimpleName() + "." + method.getName();
            if (!instance.methods().contains(method.getName() + "(" + arity + ")")) {
                found.add(callee + ": " + label + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", and " + callee
                        + " has no such method; it has " + instance.methods());
                continue;
            }
            if (contract.lenient() || !(instance instanceof Typed typed)) {
                continue; // lenient: the shapes may differ on purpose; remote: known by name only
            }
            Method target = typed.exchangeMethods().find(method.getName(), arity);
            List<String> shapes = new ArrayList<>();
            for (int i = 0; i < arity; i++) {
                Shapes.compare(method.getGenericParameterTypes()[i], target.getGenericParameterTypes()[i],
                        label + " argument " + (i + 1), shapes);
            }
            Shapes.compare(answered(target.getGenericReturnType()), answered(method.getGenericReturnType()), label + " result", shapes);
            shapes.forEach(line -> found.add(callee + ": " + line));
        }
        return found;
    }

    /** The type a method answers with: the R of a {@code Promise<R>}, or the type itself. */
    private static Type answered(Type returned) {
        if (returned instanceof ParameterizedType promise && promise.getRawType() == Promise.class) {
            return promise.getActualTypeArguments()[0];
        }
        return returned == Promise.class ? Object.class : returned;
    }
}
