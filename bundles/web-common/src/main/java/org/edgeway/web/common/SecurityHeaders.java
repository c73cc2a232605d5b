package org.edgeway.web.common;

import jakarta.servlet.http.HttpServletResponse;

/** The headers every answer of the console carries (docs/web-console.md, "Security"). */
public final class SecurityHeaders {

    /** Only the gateway's own scripts, styles and API: no inline script or style, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private SecurityHeaders() {
    }

    public static void apply(HttpServletResponse response, boolean https) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        if (https) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
