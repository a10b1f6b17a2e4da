package io.switchboard.cluster.internal.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the cluster secret ({@code SWITCHBOARD_CLUSTER_SECRET}) protects, derived from it once:
 * <ul>
 * <li>the Hazelcast cluster name, so that a Hazelcast member started with another secret is never
 * admitted (Hazelcast Community has no member authentication of its own; the name travels in clear
 * in its join messages, so this keeps mistakes out, not an attacker who can read the traffic);</li>
 * <li>the key of the node links: each side of a link proves with an HMAC over both sides' fresh
 * nonces that it holds the secret, before any call is taken.</li>
 * </ul>
 * The secret itself is never sent, stored or logged.
 */
public final class ClusterSecret {

    /** Shorter secrets could be guessed from one recorded handshake. */
    public static final int MIN_LENGTH = 16;

    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterName;
    private final byte[] linkKey;

    private ClusterSecret(byte[] secret) {
        this.clusterName = "switchboard-" + HexFormat.of().formatHex(hmac(secret, "switchboard cluster name v1")).substring(0, 32);
        this.linkKey = hmac(secret, "switchboard link key v1");
    }

    /** @throws IllegalArgumentException when the secret is missing or shorter than {@value #MIN_LENGTH} characters */
    public static ClusterSecret of(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must be at least " + MIN_LENGTH + " characters long");
        }
        return new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The Hazelcast cluster name of every node holding this secret. */
    public String clusterName() {
        return clusterName;
    }

    /** A fresh random nonce for one handshake. */
    public static byte[] nonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The two roles of a handshake: each proves the secret under its own role, so one proof never stands for the other. */
    public enum Role {
        CLIENT,
        SERVER
    }

    /**
     * One side's proof: an HMAC of its role, both sides' fresh nonces (so a proof is valid for this
     * handshake only) and both node names. Both sides compute it from the same arguments.
     */
    public byte[] proof(Role role, byte[] clientNonce, byte[] serverNonce, String clientNode, String serverNode) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(linkKey, HMAC));
            mac.update(role.name().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(clientNonce);
            mac.update(serverNonce);
            mac.update(clientNode.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(serverNode.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether a proof is the one the other side must have sent, compared in constant time. */
    public boolean verify(byte[] proof, Role role, byte[] clientNonce, byte[] serverNonce, String clientNode, String serverNode) {
        return proof != null && MessageDigest.isEqual(proof, proof(role, clientNonce, serverNonce, clientNode, serverNode));
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
