package io.switchboard.security.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.Cache;

/**
 * Signed tokens (JWT, HS256, with nimbus-jose-jwt). The key is 256 random bits made on first start
 * and kept, owner-only, in {@code data/security/jwt.key}, or in the store when runtimes share one
 * ({@link TokenKey}); tokens therefore survive a restart. A
 * token names the user, and is bound to the user's identity and credentials generation (claims
 * {@value #USER_ID} and {@value #GENERATION}), so that it dies with them. Time comes from the clock
 * given.
 */
final class Tokens {

    /**
     * What a valid token says.
     *
     * @param userId     the identity of the user it was issued to ({@link Directory.Entry#id()})
     * @param generation the user's credentials generation then
     */
    record Claims(String username, String id, Instant expires, Duration inactivity, String userId, long generation) {
    }

    /** A new token. */
    record Issued(String token, Claims claims) {
    }

    private static final int MAX_TOKEN_LENGTH = 4096;
    /** Claim: seconds the token may go unused before it stops working; 0 for no limit. */
    private static final String INACTIVITY = "ina";
    /** Claim: the identity of the user the token was issued to. */
    private static final String USER_ID = "uid";
    /** Claim: the user's credentials generation when the token was issued. */
    private static final String GENERATION = "gen";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    /**
     * Tokens whose signature and claims were checked, by the token's text: an HTTP client sends
     * the same token with every request, and parsing and verifying it again (JSON twice, an HMAC)
     * cost about a third of a bus publish. Only tokens this runtime signed get in; expiry is
     * still checked on every use, and revocation and the user's state by the caller as before.
     */
    private final Cache<Claims> verified;

    /** Tokens valid for {@code ttl} unless {@link #issue} says otherwise, signed with this runtime's own key file. */
    Tokens(Path keyFile, Duration ttl, Clock clock) throws IOException {
        this(TokenKey.fromFile(keyFile), ttl, clock);
    }

    /** Tokens signed with the key given ({@link TokenKey}). */
    Tokens(byte[] key, Duration ttl, Clock clock) throws IOException {
        this(key, ttl, clock, null);
    }

    /** As above, remembering verified tokens in {@code verified} ({@code null}: verify every time). */
    Tokens(byte[] key, Duration ttl, Clock clock, Cache<Claims> verified) throws IOException {
        this.verified = verified;
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IOException("the token key is not usable: " + e.getMessage(), e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    Issued issue(String username, String userId, long generation) {
        return issue(username, userId, generation, ttl, Duration.ZERO);
    }

    /** A token for this long, which also stops working after {@code inactivity} unused (zero: never). */
    Issued issue(String username, String userId, long generation, Duration lifetime, Duration inactivity) {
        // whole seconds, as a JWT keeps them: the claims issued are the claims verified
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(username).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).issuer("switchboard")
                .claim(INACTIVITY, inactivity.toSeconds()).claim(USER_ID, userId).claim(GENERATION, generation).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return new Issued(jwt.serialize(), new Claims(username, claims.getJWTID(), expires, inactivity, userId, generation));
    }

    /** The token's claims when it is well-formed, signed by this runtime and not expired. */
    Claims verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new SwitchboardException("security.invalid-token", "the token is missing, empty or too long");
        }
        Optional<Claims> known = verified == null ? Optional.empty() : verified.get(token);
        if (known.isPresent()) {
            return unexpired(known.get());
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new SwitchboardException("security.invalid-token", "the token is not a signed JWT");
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new SwitchboardException("security.invalid-token", "the token's signature is not this runtime's");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (claims.getSubject() == null || claims.getJWTID() == null || expires == null) {
                throw new SwitchboardException("security.invalid-token", "the token lacks a subject, id or expiry");
            }
            Object inactivity = claims.getClaim(INACTIVITY);
            Object generation = claims.getClaim(GENERATION);
            Claims checked = unexpired(new Claims(claims.getSubject(), claims.getJWTID(), expires.toInstant(),
                    Duration.ofSeconds(inactivity instanceof Number number ? number.longValue() : 0),
                    claims.getClaim(USER_ID) instanceof String userId ? userId : null,
                    generation instanceof Number number ? number.longValue() : -1));
            if (verified != null) {
                verified.put(token, checked);
            }
            return checked;
        } catch (JOSEException | ParseException e) {
            throw new SwitchboardException("security.invalid-token", "the token cannot be verified");
        }
    }

    private Claims unexpired(Claims claims) {
        if (claims.expires().isBefore(clock.instant())) {
            throw new SwitchboardException("security.token-expired", "the token expired at " + claims.expires());
        }
        return claims;
    }

    /** The id of a token this runtime signed, expired or not; for revocation. */
    Claims claimsForRevocation(String token) {
        try {
            return verify(token);
        } catch (SwitchboardException e) {
            if (e.code().equals("security.token-expired")) {
                return null; // nothing to revoke: it no longer works anyway
            }
            throw e;
        }
    }
}
