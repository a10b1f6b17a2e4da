package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.Origin;
import io.switchboard.testkit.TestMesh;
import io.switchboard.testkit.TestMeshExtension;

/** ${componentName} on the runtime's own mesh, in this JVM: each test gets a fresh one. */
@ExtendWith(TestMeshExtension.class)
class ${className}Test {

    private static final Origin ANN = Origin.user("ann", null);

    @Test
    void aReportSaysWhereTheDeviceIsAndWhatItReadLast(TestMesh mesh) throws Exception {
        FakeDeviceManager devices = mesh.start(FakeDeviceManager.class, "1.0.0");
        mesh.start(${className}.class, "1.0.0");
        devices.reading("thermostat-1", 21.5);

        Object report = mesh.call(ANN, "${componentName}", "report", "thermostat-1").getValue();
        assertEquals(Map.of("deviceId", "thermostat-1", "location", "hall", "customer", "alice", "lastValue", 21.5), report);
    }

    @Test
    void anAlertBecomesOneReportHoweverManyInstancesRun(TestMesh mesh) throws Exception {
        FakeDeviceManager devices = mesh.start(FakeDeviceManager.class, "1.0.0");
        mesh.start(${className}.class, "1.0.0");
        mesh.start(${className}.class, "1.0.1");
        List<MeshEvent> reports = new CopyOnWriteArrayList<>();
        mesh.handle("listener", "1.0.0", "${componentName} ^1.0.0").event().on("${componentName}", "reports/*", reports::add);

        devices.alert("thermostat-1", 35.0).getValue();
        mesh.awaitEvents();

        assertEquals(1, reports.size());
        assertEquals("reports/thermostat-1", reports.get(0).name());
        assertEquals("alice", reports.get(0).payload(Report.class).customer());
    }

    @Test
    void itsOwnErrorsAndDeviceManagersReachTheCallerWithTheirCodes(TestMesh mesh) throws Exception {
        mesh.start(FakeDeviceManager.class, "1.0.0");
        mesh.start(${className}.class, "1.0.0");

        SwitchboardException invalid = assertInstanceOf(SwitchboardException.class,
                mesh.call(ANN, "${componentName}", "report", "../etc").getFailure());
        assertEquals("reports.invalid-device-id", invalid.code());
        SwitchboardException unknown = assertInstanceOf(SwitchboardException.class,
                mesh.call(ANN, "${componentName}", "report", "door-9").getFailure());
        assertEquals("devices.unknown-device", unknown.code());
    }

    @Test
    void itWaitsForDeviceManager(TestMesh mesh) {
        assertThrows(IllegalStateException.class, () -> mesh.start(${className}.class, "1.0.0"));
    }
}
