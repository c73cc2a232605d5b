package org.edgeway.web.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.Login;
import org.edgeway.web.common.security.AdminCredentials;
import org.edgeway.web.common.security.LoginThrottle;
import org.edgeway.web.common.security.PasswordPolicy;
import org.edgeway.web.common.security.SessionStore.Session;
import org.edgeway.web.common.security.SessionStore;
import org.edgeway.web.common.security.SetupToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's login: first-start setup with the one-time token, login with throttling per client address,
 * sessions in a cookie, the CSRF token of each session, logout and password change ({@code /api/auth/...}).
 */
final class Auth {

    static final String USER = "admin";
    static final String COOKIE = "edgeway_session";

    private static final Logger LOG = LoggerFactory.getLogger(Auth.class);

    private final AdminCredentials credentials;
    private final SetupToken setupToken;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final Json json;
    private final Login login;

    Auth(AdminCredentials credentials, SetupToken setupToken, SessionStore sessions, LoginThrottle throttle, Json json,
            boolean secureCookies) {
        this.credentials = credentials;
        this.setupToken = setupToken;
        this.sessions = sessions;
        this.throttle = throttle;
        this.json = json;
        this.login = new Login(sessions, COOKIE, "/", secureCookies);
    }

    Optional<Session> session(HttpServletRequest request) {
        return login.session(request);
    }

    Session requireSession(HttpServletRequest request) throws ApiException {
        return login.requireSession(request);
    }

    /** Answers {@code /api/auth[/action]}. */
    Object handle(String method, String action, HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        if (action == null) {
            ApiServlet.allow(method, "GET");
            Optional<Session> session = session(request);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("passwordSet", credentials.isSet());
            state.put("user", session.map(Session::user).orElse(null));
            state.put("csrf", session.map(Session::csrfToken).orElse(null));
            return state;
        }
        ApiServlet.allow(method, "POST");
        return switch (action) {
            case "setup" -> setup(request, response);
            case "login" -> login(request, response);
            case "logout" -> logout(request, response);
            case "password" -> changePassword(request, response);
            default -> throw new ApiException(404, "no such resource: /api/auth/" + action);
        };
    }

    /** Synchronized: two setups at once must not both see no password and the second silently win. */
    private synchronized Object setup(HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        if (credentials.isSet()) {
            throw new ApiException(409, "a password is already set; log in instead");
        }
        String address = request.getRemoteAddr();
        throttled(address, response);
        JsonObject body = json.readObject(request.getInputStream());
        String token = Json.text(body, "token");
        char[] password = Json.text(body, "password").toCharArray();
        if (!setupToken.matches(token)) {
            throttle.failed(address);
            LOG.warn("web console: a setup attempt from {} with a wrong setup token", address);
            throw new ApiException(403, "wrong setup token (see var/security/web-setup.token on the gateway)");
        }
        Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            throw new ApiException(422, problem.get(), Map.of("password", problem.get()));
        }
        credentials.set(password);
        setupToken.delete();
        throttle.succeeded(address);
        LOG.info("web console: the password was set from {}", address);
        return startSession(address, response);
    }

    private Object login(HttpServletRequest request, HttpServletResponse response) throws ApiException, IOException {
        String address = request.getRemoteAddr();
        throttled(address, response);
        JsonObject body = json.readObject(request.getInputStream());
        char[] password = Json.text(body, "password").toCharArray();
        if (!credentials.isSet()) {
            throw new ApiException(409, "no password is set yet: set one first with the setup token");
        }
        if (!credentials.verify(password)) {
            throttle.failed(address);
            LOG.warn("web console: failed login from {}", address);
            throw new ApiException(401, "wrong password");
        }
        throttle.succeeded(address);
        LOG.info("web console: login from {}", address);
        return startSession(address, response);
    }

    private Object logout(HttpServletRequest request, HttpServletResponse response) throws ApiException {
        login.end(request, response);
        response.setStatus(204);
        return null;
    }

    private Object changePassword(HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        Session session = requireSession(request);
        Login.requireCsrf(session, request);
        String address = request.getRemoteAddr();
        throttled(address, response);
        JsonObject body = json.readObject(request.getInputStream());
        char[] current = Json.text(body, "current").toCharArray();
        char[] password = Json.text(body, "password").toCharArray();
        if (!credentials.verify(current)) {
            throttle.failed(address);
            throw new ApiException(401, "the current password is wrong", Map.of("current", "wrong password"));
        }
        Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            throw new ApiException(422, problem.get(), Map.of("password", problem.get()));
        }
        credentials.set(password);
        sessions.invalidateAllExcept(session.id());
        LOG.info("web console: the password was changed from {}; other sessions ended", address);
        response.setStatus(204);
        return null;
    }

    private void throttled(String address, HttpServletResponse response) throws ApiException {
        Login.requireNotThrottled(throttle, address, response);
    }

    private Map<String, Object> startSession(String address, HttpServletResponse response) {
        Session session = login.start(USER, address, response);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", session.user());
        answer.put("csrf", session.csrfToken());
        return answer;
    }
}
