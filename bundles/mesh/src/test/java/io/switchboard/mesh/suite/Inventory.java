package io.switchboard.mesh.suite;

import io.switchboard.api.mesh.MeshComponent;

/**
 * Two releases of one component whose types changed in a breaking way, as the developer
 * met them: 1.0.0's {@code available} became 2.0.0's {@code quantity}, and a reservation's
 * {@code amount} became {@code count}.
 */
public final class Inventory {

    private Inventory() {
    }

    @MeshComponent(name = "inventory", version = "1.0.0")
    public static final class V1 {

        public Stock stock(String item) {
            return new Stock(item, 2000);
        }

        public String reserve(Reservation reservation) {
            return reservation.amount() + " " + reservation.item();
        }

        public record Stock(String item, int available) {
        }

        public record Reservation(String item, int amount) {
        }
    }

    @MeshComponent(name = "inventory", version = "2.0.0")
    public static final class V2 {

        public Stock stock(String item) {
            return new Stock(item, 2000);
        }

        public String reserve(Reservation reservation) {
            return reservation.count() + " " + reservation.item();
        }

        public record Stock(String item, int quantity) {
        }

        public record Reservation(String item, int count) {
        }
    }
}
