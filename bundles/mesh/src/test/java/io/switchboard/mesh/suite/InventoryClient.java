package io.switchboard.mesh.suite;

import org.osgi.util.promise.Promise;

/** A caller's view of inventory, compiled against its 1.0.0 types. */
public interface InventoryClient {

    Promise<Stock> stock(String item);

    Promise<String> reserve(Reservation reservation);

    record Stock(String item, int available) {
    }

    record Reservation(String item, int amount) {
    }
}
