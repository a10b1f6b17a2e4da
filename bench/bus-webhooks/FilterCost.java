import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.bus.internal.route.MessageFilter;

/**
 * Routing's filter cost (bench/bus-webhooks.sh): FILTERS filters of four shapes (a plain path, a
 * filter expression, a regex on a field, a wildcard with a regex), all evaluated against each of a
 * few payloads, as POST /api/bus/route does for every rule; the payload is parsed once per message.
 * Bounded: 3 s of warm-up, then 5 rounds of 2 s; prints the median microseconds per message for
 * all filters, and nanoseconds per filter. Runs on the bus bundle's jar (json-path and RE2/J are
 * embedded in it) with Jackson and the API jars of the distribution.
 */
public class FilterCost {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        ObjectMapper json = new ObjectMapper();
        List<MessageFilter> filters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String filter = switch (i % 4) {
                case 0 -> "{\"jsonPath\": \"$.order.region" + i + "\"}";
                case 1 -> "{\"jsonPath\": \"$.order[?(@.total > " + i + ")]\"}";
                case 2 -> "{\"jsonPath\": \"$.customer.name\", \"regex\": \"^cust" + i + "$\"}";
                default -> "{\"jsonPath\": \"$.items[*].sku\", \"regex\": \"sku-" + i + "\", \"flags\": \"i\"}";
            };
            filters.add(MessageFilter.parse(json.readTree(filter)));
        }
        byte[][] payloads = new byte[8][];
        for (int p = 0; p < payloads.length; p++) {
            payloads[p] = ("{\"order\": {\"id\": " + p + ", \"total\": " + (p * 137) + ", \"region\": \"eu\"}, \"customer\": {\"name\": \"cust" + (p * 50)
                    + "\", \"tier\": \"gold\"}, \"items\": [{\"sku\": \"SKU-" + p + "\", \"qty\": 2}, {\"sku\": \"SKU-" + (p * 3) + "\", \"qty\": 1}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        long matches = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        int message = 0;
        while (System.nanoTime() < warmUntil) {
            matches += route(json, filters, payloads[message++ & 7]);
        }
        double[] perMessageMicros = new double[5];
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            long end = start + 2_000_000_000L;
            long done = 0;
            while (System.nanoTime() < end) {
                matches += route(json, filters, payloads[message++ & 7]);
                done++;
            }
            perMessageMicros[round] = (System.nanoTime() - start) / 1e3 / done;
        }
        java.util.Arrays.sort(perMessageMicros);
        double median = perMessageMicros[2];
        System.out.printf("filter cost: %d filters per message: median %.1f µs per message (%.0f ns per filter; rounds %.1f..%.1f µs) [%d matches]%n",
                count, median, median * 1000 / count, perMessageMicros[0], perMessageMicros[4], matches);
    }

    private static int route(ObjectMapper json, List<MessageFilter> filters, byte[] payload) throws Exception {
        JsonNode tree = json.readTree(payload);
        int matched = 0;
        for (MessageFilter filter : filters) {
            if (filter.test(tree)) {
                matched++;
            }
        }
        return matched;
    }
}
