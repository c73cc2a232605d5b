package org.edgeway.web.common;

import java.time.Duration;
import java.util.Optional;

import org.edgeway.web.common.security.LoginThrottle;
import org.edgeway.web.common.security.SessionStore.Session;
import org.edgeway.web.common.security.SessionStore;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The HTTP side of a console's login: its session cookie, the CSRF header every changing request carries, and the
 * answer of a throttled login.
 *
 * @param cookieName   the session cookie's name (each console its own, they may share a host)
 * @param cookiePath   the path it is sent for
 * @param secure       whether the cookie is HTTPS-only
 */
public record Login(SessionStore sessions, String cookieName, String cookiePath, boolean secure) {

    /** The header carrying the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** The session of a request, if its cookie names a live one. */
    public Optional<Session> session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookieName.equals(cookie.getName())) {
                    return sessions.find(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    public Session requireSession(HttpServletRequest request) throws ApiException {
        return session(request).orElseThrow(() -> new ApiException(401, "log in first (no session, or it expired)"));
    }

    /** Requests that change something must carry the session's CSRF token. */
    public static void requireCsrf(Session session, HttpServletRequest request) throws ApiException {
        if (!SessionStore.tokenMatches(session.csrfToken(), request.getHeader(CSRF_HEADER))) {
            throw new ApiException(403, "the " + CSRF_HEADER + " header is missing or wrong");
        }
    }

    /** Starts a session for {@code user} and sets its cookie. */
    public Session start(String user, String address, HttpServletResponse response) {
        Session session = sessions.create(user, address);
        response.addHeader("Set-Cookie", cookie(session.id(), -1));
        return session;
    }

    /** Ends the request's session, if any (with its CSRF token), and clears the cookie. */
    public void end(HttpServletRequest request, HttpServletResponse response) throws ApiException {
        Optional<Session> session = session(request);
        if (session.isPresent()) {
            requireCsrf(session.get(), request);
            sessions.invalidate(session.get().id());
        }
        response.addHeader("Set-Cookie", cookie("", 0));
    }

    /** Refuses with 429 and Retry-After while {@code address} is locked out. */
    public static void requireNotThrottled(LoginThrottle throttle, String address, HttpServletResponse response)
            throws ApiException {
        Duration wait = throttle.retryAfter(address);
        if (!wait.isZero() && !wait.isNegative()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "too many failed attempts from " + address + "; try again in " + seconds
                    + " s");
        }
    }

    /** The session cookie; SameSite is not in the servlet API's Cookie, hence written by hand. */
    private String cookie(String value, int maxAgeSeconds) {
        return cookieName + "=" + value + "; Path=" + cookiePath + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "");
    }
}
