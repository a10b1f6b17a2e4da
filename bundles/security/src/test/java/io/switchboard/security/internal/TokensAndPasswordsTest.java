package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.api.errors.SwitchboardException;

class TokensAndPasswordsTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void passwordsAreSaltedAndCheckedNeverStoredPlain() {
        PasswordHasher hasher = new PasswordHasher(10_000);
        String first = hasher.hash("s3cret");
        String second = hasher.hash("s3cret");
        assertNotEquals(first, second, "a fresh salt each time");
        assertFalse(first.contains("s3cret"));
        assertTrue(hasher.matches("s3cret", first));
        assertFalse(hasher.matches("s3cret!", first));
        assertFalse(hasher.matches("s3cret", "garbage"), "a malformed hash matches nothing");
        assertFalse(hasher.matches("s3cret", hasher.decoy()), "the decoy matches nothing");
        assertTrue(hasher.decoy().startsWith("pbkdf2-sha256$10000$"), "and costs what a real hash costs to check");
    }

    @Test
    void tokensVerifyAndTheKeyIsKeptOwnerOnly() throws Exception {
        Path key = dir.resolve("security/jwt.key");
        Tokens tokens = new Tokens(key, Duration.ofMinutes(5), clock);
        Tokens.Issued issued = tokens.issue("ann", "u-1", 3);
        Tokens.Claims claims = tokens.verify(issued.token());
        assertEquals("ann", claims.username());
        assertEquals("u-1", claims.userId(), "bound to the user's identity");
        assertEquals(3, claims.generation(), "and to its credentials generation");
        assertEquals(issued.claims(), claims);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("ann", new Tokens(key, Duration.ofMinutes(5), clock).verify(issued.token()).username(), "the key survives a restart");
    }

    @Test
    void forgedTruncatedExpiredAndForeignTokensAreRefusedWithCodes() throws Exception {
        Tokens tokens = new Tokens(dir.resolve("a.key"), Duration.ofMinutes(5), clock);
        String token = tokens.issue("ann", "u-1", 0).token();
        assertEquals("security.invalid-token", code(() -> tokens.verify(token.substring(0, token.length() - 5))));
        assertEquals("security.invalid-token", code(() -> tokens.verify("not.a.jwt")));
        assertEquals("security.invalid-token", code(() -> tokens.verify("")));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"admin\",\"jti\":\"x\",\"exp\":9999999999}".getBytes()) + "." + parts[2];
        assertEquals("security.invalid-token", code(() -> tokens.verify(forged)), "a changed payload breaks the signature");
        Tokens other = new Tokens(dir.resolve("b.key"), Duration.ofMinutes(5), clock);
        assertEquals("security.invalid-token", code(() -> other.verify(token)), "another runtime's key");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals("security.token-expired", code(() -> tokens.verify(token)), "five minutes later, by the clock");
    }

    @Test
    void aRememberedTokenStillExpiresAndNothingButItsExactTextIsRemembered() throws Exception {
        io.switchboard.cache.Cache<Tokens.Claims> remembered = new io.switchboard.cache.internal.CacheServiceImpl()
                .memory("verified", io.switchboard.cache.CacheOptions.bounded(100));
        Tokens tokens = new Tokens(TokenKey.fromFile(dir.resolve("a.key")), Duration.ofMinutes(5), clock, remembered);
        String token = tokens.issue("ann", "u-1", 7).token();
        Tokens.Claims first = tokens.verify(token);
        assertEquals(1, remembered.size(), "a verified token is remembered");
        assertEquals(first, tokens.verify(token), "and given back as verified");

        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"admin\",\"jti\":\"x\",\"exp\":9999999999}".getBytes()) + "." + parts[2];
        assertEquals("security.invalid-token", code(() -> tokens.verify(forged)), "a forgery of a remembered token is checked");
        assertEquals("security.invalid-token", code(() -> tokens.verify(token.substring(0, token.length() - 2))), "so is any other text");
        assertEquals(1, remembered.size(), "refused tokens are not remembered");

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals("security.token-expired", code(() -> tokens.verify(token)), "a remembered token expires by the clock");
    }

    private static String code(org.junit.jupiter.api.function.Executable action) {
        return assertThrows(SwitchboardException.class, action).code();
    }
}
