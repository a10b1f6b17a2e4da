package io.switchboard.cluster.internal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.cluster.internal.link.ClusterSecret.Role;

class ClusterSecretTest {

    private static final String SECRET = "correct horse battery staple";

    @Test
    void theSameSecretGivesTheSameClusterNameAndAnotherSecretAnother() {
        assertEquals(ClusterSecret.of(SECRET).clusterName(), ClusterSecret.of(SECRET).clusterName());
        assertNotEquals(ClusterSecret.of(SECRET).clusterName(), ClusterSecret.of(SECRET + "!").clusterName());
        assertFalse(ClusterSecret.of(SECRET).clusterName().contains("horse"), "the name does not reveal the secret");
        assertFalse(ClusterSecret.of(SECRET).toString().contains("horse"));
    }

    @Test
    void aMissingOrShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterSecret.of(null));
        assertThrows(IllegalArgumentException.class, () -> ClusterSecret.of("fifteen chars!!"));
        assertThrows(IllegalArgumentException.class, () -> ClusterSecret.of("        padded        ".substring(0, 16)));
    }

    @Test
    void aProofHoldsForItsRoleNoncesAndNamesOnly() {
        ClusterSecret secret = ClusterSecret.of(SECRET);
        byte[] client = ClusterSecret.nonce();
        byte[] server = ClusterSecret.nonce();
        byte[] proof = secret.proof(Role.CLIENT, client, server, "a", "b");
        assertTrue(secret.verify(proof, Role.CLIENT, client, server, "a", "b"));
        assertFalse(secret.verify(proof, Role.SERVER, client, server, "a", "b"), "a client's proof cannot stand for the server");
        assertFalse(secret.verify(proof, Role.CLIENT, ClusterSecret.nonce(), server, "a", "b"), "nor for another handshake");
        assertFalse(secret.verify(proof, Role.CLIENT, client, server, "a", "c"), "nor for other nodes");
        assertFalse(ClusterSecret.of(SECRET + "?").verify(proof, Role.CLIENT, client, server, "a", "b"), "nor under another secret");
        assertFalse(secret.verify(null, Role.CLIENT, client, server, "a", "b"));
    }
}
