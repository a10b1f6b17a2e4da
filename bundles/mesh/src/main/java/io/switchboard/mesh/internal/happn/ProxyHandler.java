package io.switchboard.mesh.internal.happn;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ConversionFailure;

/**
 * Turns a call on a caller-side interface into an exchange call, and the answer into the type the
 * interface's {@code Promise<R>} names (as data, unless the callee already returned that class).
 */
final class ProxyHandler implements InvocationHandler {

    /** How a proxy sends one call. */
    interface Sender {
        Promise<Object> send(String method, List<?> args, CallOptions options);
    }

    private final String component;
    private final Sender sender;
    private final CallOptions options;
    private final Conversion conversion;
    private final PromiseFactory promises;
    private final Map<Method, Type> resultTypes = new ConcurrentHashMap<>();

    ProxyHandler(String component, Class<?> api, Sender sender, CallOptions options, Conversion conversion, PromiseFactory promises) {
        this.component = component;
        this.sender = sender;
        this.options = options;
        this.conversion = conversion;
        this.promises = promises;
        for (Method method : api.getMethods()) {
            if (method.getDeclaringClass() == Object.class || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            if (method.getReturnType() != Promise.class) {
                throw new SwitchboardException(MeshErrors.BAD_PROXY, api.getName() + "." + method.getName()
                        + " returns " + method.getReturnType().getSimpleName() + ": methods of a proxy on " + component
                        + " must return org.osgi.util.promise.Promise");
            }
            Type generic = method.getGenericReturnType();
            resultTypes.put(method, generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "proxy on " + component + " " + options;
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Type resultType = resultTypes.get(method);
        Promise<Object> answer = sender.send(method.getName(), args == null ? List.of() : Arrays.asList(args), options);
        if (resultType == Object.class) {
            return answer;
        }
        if (answer.isDone() && answer.getFailure() == null) {
            return convertNow(answer, resultType, method);
        }
        return answer.map(value -> convert(value, resultType, method));
    }

    private Promise<Object> convertNow(Promise<Object> answer, Type resultType, Method method) {
        try {
            return promises.resolved(convert(answer.getValue(), resultType, method));
        } catch (InvocationTargetException e) {
            return promises.failed(e.getCause()); // what failed, not the wrapper getValue puts around it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return promises.failed(e);
        } catch (SwitchboardException e) {
            return promises.failed(e);
        }
    }

    private Object convert(Object value, Type resultType, Method method) {
        try {
            return conversion.to(value, resultType, options.isLenient());
        } catch (ConversionFailure e) {
            throw e.toException(component + " " + method.getName() + " result (read by " + method.getDeclaringClass().getSimpleName()
                    + "." + method.getName() + ")", MeshErrors.BAD_RESULT);
        }
    }
}
