/**
 * Who may do what: users, groups, permissions on paths (the same wildcards as everywhere), and
 * password or token login. Every client action is checked by the authorisation layer against the
 * permissions of the session's user.
 */
@Export
@Version("1.2.0")
package io.switchboard.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
