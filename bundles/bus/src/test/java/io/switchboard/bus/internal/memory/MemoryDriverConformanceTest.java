package io.switchboard.bus.internal.memory;

import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.DriverConformance;

class MemoryDriverConformanceTest extends DriverConformance {

    @Override
    protected BusDriver newDriver() {
        return new MemoryDriver();
    }
}
