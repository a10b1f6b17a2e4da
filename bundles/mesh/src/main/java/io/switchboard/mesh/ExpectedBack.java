package io.switchboard.mesh;

/**
 * A component instance that left routing and is expected back: its bundle is stopping, which may be
 * an update in place (bundles/mesh/README.md, "Update in place"). While one is expected back,
 * callers that find no instance in a range its version is in wait for one instead of failing.
 *
 * @param component the component's name
 * @param version   the version of the instance that left
 * @since 1.7
 */
public record ExpectedBack(String component, String version) {

    public String label() {
        return component + "@" + version;
    }
}
