/**
 * Who may do what: users, groups, permissions on paths (the same wildcards as everywhere), and
 * password or token login. Every client request is checked by the security feature's authorizers
 * against the permissions of the session's user. 1.2: {@link io.switchboard.security.SecurityService#decide(
 * io.switchboard.security.Principal, io.switchboard.system.access.Access)}, and principals bound to
 * the user's identity and credentials generation. 1.3: service identities for the bus
 * ({@link io.switchboard.security.SecurityService#createService}, {@link
 * io.switchboard.security.SecurityService#issueServiceToken}) and the bus's permission actions;
 * {@link io.switchboard.security.SecurityService#groups()}.
 */
@Export
@Version("1.3.0")
package io.switchboard.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
