package io.switchboard.launcher;

import java.io.PrintStream;
import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * Stops the framework cleanly when the process is asked to end (SIGTERM, SIGINT/Ctrl-C), and then
 * ends the process with exit code 0: being asked to stop and stopping cleanly is success, which is
 * what service managers expect. The JVM would otherwise report 143 for SIGTERM.
 */
final class StopOnSignal {

    private StopOnSignal() {
    }

    static void install(Framework framework, Duration timeout, PrintStream err) {
        Thread hook = new Thread(() -> stop(framework, timeout, err), "switchboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void stop(Framework framework, Duration timeout, PrintStream err) {
        int state = framework.getState();
        if ((state & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return; // already stopped: the process is ending for its own reasons, with its own exit code
        }
        int code = Main.EXIT_OK;
        try {
            framework.stop();
            if (framework.waitForStop(timeout.toMillis()).getType() == org.osgi.framework.FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("switchboard: the framework did not stop within " + timeout.toSeconds() + " s; exiting anyway");
                code = Main.EXIT_FAILED;
            }
        } catch (BundleException | InterruptedException e) {
            err.println("switchboard: stopping the framework failed: " + e);
            code = Main.EXIT_FAILED;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
