package io.switchboard.bus.internal;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.switchboard.bus.internal.file.FileDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.DriverConformance;

/** The conformance suite on the file driver, each test on a new file. */
class FileDriverConformanceTest extends DriverConformance {

    @TempDir
    Path folder;

    private FileDriver file;

    @Override
    protected BusDriver newDriver() {
        file = new FileDriver(new File(folder.toFile(), "bus.mv.db"), false, 0);
        return file;
    }

    @Override
    protected void stopDriver() {
        file.close();
    }
}
