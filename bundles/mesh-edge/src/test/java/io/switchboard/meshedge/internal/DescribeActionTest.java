package io.switchboard.meshedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

import io.switchboard.mesh.ComponentDescription;
import io.switchboard.protocol.Request;

class DescribeActionTest {

    @Test
    void turningWatchOnAndOffDoesNotPileUpCloseHooks() throws Exception {
        DescribeAction describe = new DescribeAction(new CountingMesh());
        FakeSession session = new FakeSession();
        for (int i = 0; i < 50; i++) {
            describe.handle(session, new Request(IntNode.valueOf(i), "describe", MeshJson.JSON.createObjectNode().put("watch", true)));
            describe.handle(session, new Request(IntNode.valueOf(i), "describe", MeshJson.JSON.createObjectNode().put("watch", false)));
        }
        assertEquals(1, session.closeHooks.size());
    }

    /** The mesh tells its listeners of changes a description does not show (a gap that closed): no notice for those. */
    @Test
    void aWatcherIsToldOnlyWhenTheDescriptionItGetsChanges() throws Exception {
        List<ComponentDescription> components = new ArrayList<>();
        CountingMesh mesh = new CountingMesh() {
            @Override
            public List<ComponentDescription> describe() {
                return List.copyOf(components);
            }
        };
        DescribeAction describe = new DescribeAction(mesh);
        FakeSession session = new FakeSession();
        describe.handle(session, new Request(IntNode.valueOf(1), "describe", MeshJson.JSON.createObjectNode().put("watch", true)));

        components.add(new ComponentDescription("echo", "1.0.0", "running", List.of(), List.of(), Map.of(), Map.of(), List.of("local"),
                List.of()));
        describe.descriptionChanged();
        describe.descriptionChanged(); // told again, the description the same
        assertEquals(1, session.published.size(), session.published.toString());

        components.clear();
        describe.descriptionChanged();
        assertEquals(2, session.published.size(), "a real change is told");

        describe.handle(session, new Request(IntNode.valueOf(2), "describe", MeshJson.JSON.createObjectNode().put("watch", false)));
        describe.descriptionChanged();
        describe.handle(session, new Request(IntNode.valueOf(3), "describe", MeshJson.JSON.createObjectNode().put("watch", true)));
        components.add(new ComponentDescription("echo", "1.0.0", "running", List.of(), List.of(), Map.of(), Map.of(), List.of("local"),
                List.of()));
        describe.descriptionChanged();
        assertEquals(3, session.published.size(), "after nobody watched, the next change is told whatever was sent before");
    }
}
