package io.switchboard.examples.browsernotifier;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.SubscribeOptions;

/**
 * The seeds' browserNotifier: runs on every node where browsers attach, and every instance must see
 * every alert because any of them may hold the customer's browser, so it subscribes with {@code all}.
 * It re-emits the alert with {@code emitLocal} on {@code popups/alert/<deviceId>} for components on
 * this node, and publishes it at {@code /_data/browserNotifier/popups/alert/<deviceId>} for the
 * browsers attached to this node (they subscribe to that path over the WebSocket).
 */
@MeshComponent(name = "browserNotifier", dependencies = "deviceManager ^1.0.0", events = "popups/alert/*")
public final class BrowserNotifier {

    private final Happn happn;
    private final List<Map<String, Object>> popups = new CopyOnWriteArrayList<>();

    public BrowserNotifier(Happn happn) {
        this.happn = happn;
        happn.event().on("deviceManager", "alert", SubscribeOptions.all(), this::alert);
    }

    private void alert(MeshEvent event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = event.payload(Map.class);
        Map<String, Object> popup = Map.of("deviceId", alert.get("deviceId"), "value", alert.get("value"),
                "from", event.component() + "@" + event.version());
        popups.add(popup);
        happn.emitLocal("popups/alert/" + alert.get("deviceId"), popup);
        happn.data().publish("/popups/alert/" + alert.get("deviceId"), popup).onFailure(e -> happn.log()
                .log(System.Logger.Level.WARNING, "popup for {0} not pushed to browsers: {1}", alert.get("deviceId"), e.toString()));
    }

    /** The popups this instance raised, oldest first. */
    public List<Map<String, Object>> popups() {
        return List.copyOf(popups);
    }
}
