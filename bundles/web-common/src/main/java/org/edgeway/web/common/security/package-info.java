/**
 * Console security primitives: PBKDF2 password hashes and the password policy, the first-start setup token, sessions
 * with CSRF tokens, login throttling per client address, TLS keystores (provided or generated), owner-only files.
 */
@Export
@Version("1.0.0")
package org.edgeway.web.common.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
