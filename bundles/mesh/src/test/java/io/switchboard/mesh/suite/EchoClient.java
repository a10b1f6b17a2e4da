package io.switchboard.mesh.suite;

import java.util.List;

import org.osgi.util.promise.Promise;

/** The caller's own view of echo, compiled separately from echo's classes. */
public interface EchoClient {

    Promise<String> echo(String text);

    Promise<Integer> add(int a, int b);

    Promise<MyReading> twice(MyReading reading);

    Promise<List<MyReading>> many(int count);

    Promise<String> fail(String why);

    Promise<String> later(String key);

    Promise<String> version();

    /** The caller's copy of echo's Reading: same shape, another class. */
    record MyReading(String deviceId, double value) {
    }
}
