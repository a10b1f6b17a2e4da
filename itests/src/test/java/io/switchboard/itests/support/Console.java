package io.switchboard.itests.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What the Felix web console says about bundles, read from {@code /system/console/bundles.json}. */
public final class Console {

    /** One bundle as the console lists it. */
    public record BundleInfo(long id, String symbolicName, String version, String state) {
    }

    private final Http http;
    private final String password;

    public Console(Http http, String password) {
        this.http = http;
        this.password = password;
    }

    public List<BundleInfo> bundles() {
        HttpResponse<String> response = http.get("/system/console/bundles.json", "admin", password);
        if (response.statusCode() != 200) {
            throw new AssertionError("bundles.json answered " + response.statusCode());
        }
        List<BundleInfo> bundles = new ArrayList<>();
        for (JsonNode node : Http.json(response).get("data")) {
            bundles.add(new BundleInfo(node.get("id").asLong(), node.get("symbolicName").asText(),
                    node.get("version").asText(), node.get("state").asText()));
        }
        return bundles;
    }

    /** The bundles with this symbolic name, in the order the console lists them. */
    public List<BundleInfo> bundles(String symbolicName) {
        return bundles().stream().filter(b -> b.symbolicName().equals(symbolicName)).toList();
    }
}
