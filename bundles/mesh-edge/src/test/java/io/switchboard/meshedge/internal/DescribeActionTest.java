package io.switchboard.meshedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

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
}
