package org.edgeway.fleet.internal.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.JsonApiServlet;
import org.edgeway.web.common.Login;
import org.edgeway.web.common.security.LoginThrottle;
import org.edgeway.web.common.security.SessionStore.Session;
import org.edgeway.web.common.security.SessionStore;
import org.edgeway.web.common.security.SetupToken;
import org.edgeway.web.common.security.UserStore.User;
import org.edgeway.web.common.security.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The fleet console's users: first-start setup of the first admin with the one-time token, login throttled per
 * client address, sessions in a cookie with their CSRF token, password change, and users managed by admins
 * ({@code /fleet/api/auth/...}, {@code /fleet/api/users}).
 */
final class FleetAuth {

    static final String COOKIE = "edgeway_fleet_session";

    private static final Logger LOG = LoggerFactory.getLogger(FleetAuth.class);

    private final UserStore users;
    private final SetupToken setupToken;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final Json json;
    private final Login login;

    FleetAuth(UserStore users, SetupToken setupToken, SessionStore sessions, LoginThrottle throttle, Json json,
            boolean https) {
        this.users = users;
        this.setupToken = setupToken;
        this.sessions = sessions;
        this.throttle = throttle;
        this.json = json;
        this.login = new Login(sessions, COOKIE, "/fleet", https);
    }

    /**
     * The user of a request's session with the role they hold now (a removed user's sessions end at once), and the
     * CSRF token checked for requests that change something.
     */
    User require(String method, HttpServletRequest request) throws ApiException {
        Session session = login.requireSession(request);
        Optional<User> user = users.user(session.user());
        if (user.isEmpty()) {
            sessions.invalidate(session.id());
            throw new ApiException(401, "log in first (the user was removed)");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Login.requireCsrf(session, request);
        }
        return user.get();
    }

    /** Refuses with 403 unless the user is an admin. */
    static void requireAdmin(User user) throws ApiException {
        if (!user.role().equals(FleetWebComponent.ADMIN)) {
            throw new ApiException(403, "only an admin may do this; " + user.name() + " is " + user.role());
        }
    }

    /** Answers {@code /auth[/action]}. */
    Object handle(String method, String action, HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        if (action == null) {
            JsonApiServlet.allow(method, "GET");
            Optional<Session> session = login.session(request);
            Optional<User> user = session.flatMap(s -> users.user(s.user()));
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("setupRequired", users.isEmpty());
            state.put("user", user.map(User::name).orElse(null));
            state.put("role", user.map(User::role).orElse(null));
            state.put("csrf", user.isPresent() ? session.get().csrfToken() : null);
            return state;
        }
        JsonApiServlet.allow(method, "POST");
        return switch (action) {
            case "setup" -> setup(request, response);
            case "login" -> login(request, response);
            case "logout" -> logout(request, response);
            case "password" -> changePassword(request, response);
            default -> throw new ApiException(404, "no such resource: /fleet/api/auth/" + action);
        };
    }

    /** Answers {@code /users[/name]} (admins only). */
    Object users(String method, List<String> path, User user, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException {
        requireAdmin(user);
        if (path.size() == 1) {
            JsonApiServlet.allow(method, "GET", "POST");
            if (method.equals("GET")) {
                return Map.of("users", users.users());
            }
            JsonObject body = json.readObject(request.getInputStream());
            String name = Json.text(body, "name");
            String role = Json.text(body, "role");
            try {
                users.add(name, role, Json.text(body, "password").toCharArray());
            } catch (IllegalArgumentException e) {
                throw fieldProblem(e);
            }
            LOG.info("fleet console: {} added the user {} ({})", user.name(), name, role);
            response.setStatus(201);
            return new User(name, role);
        }
        if (path.size() != 2) {
            throw new ApiException(404, "no such resource: /fleet/api/" + String.join("/", path));
        }
        JsonApiServlet.allow(method, "DELETE");
        String name = path.get(1);
        if (name.equals(user.name())) {
            throw new ApiException(409, "you cannot remove yourself; another admin can");
        }
        try {
            if (!users.remove(name)) {
                throw new ApiException(404, "no user named " + name);
            }
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        LOG.info("fleet console: {} removed the user {}", user.name(), name);
        return null;
    }

    /** Synchronized: two setups at once must not both see no user and both create an admin. */
    private synchronized Object setup(HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        if (!users.isEmpty()) {
            throw new ApiException(409, "the first admin exists already; log in instead");
        }
        String address = request.getRemoteAddr();
        Login.requireNotThrottled(throttle, address, response);
        JsonObject body = json.readObject(request.getInputStream());
        String token = Json.text(body, "token");
        String name = Json.text(body, "user");
        char[] password = Json.text(body, "password").toCharArray();
        if (!setupToken.matches(token)) {
            throttle.failed(address);
            LOG.warn("fleet console: a setup attempt from {} with a wrong setup token", address);
            throw new ApiException(403, "wrong setup token (see var/security/fleet-setup.token on the console host)",
                    Map.of("token", "wrong setup token"));
        }
        try {
            users.add(name, FleetWebComponent.ADMIN, password);
        } catch (IllegalArgumentException e) {
            throw fieldProblem(e);
        }
        setupToken.delete();
        throttle.succeeded(address);
        LOG.info("fleet console: the first admin {} was created from {}", name, address);
        return started(new User(name, FleetWebComponent.ADMIN), address, response);
    }

    private Object login(HttpServletRequest request, HttpServletResponse response) throws ApiException, IOException {
        String address = request.getRemoteAddr();
        Login.requireNotThrottled(throttle, address, response);
        JsonObject body = json.readObject(request.getInputStream());
        String name = Json.text(body, "user");
        char[] password = Json.text(body, "password").toCharArray();
        if (users.isEmpty()) {
            throw new ApiException(409, "no user exists yet: create the first admin with the setup token");
        }
        Optional<User> user = users.authenticate(name, password);
        if (user.isEmpty()) {
            throttle.failed(address);
            LOG.warn("fleet console: failed login from {}", address);
            throw new ApiException(401, "wrong user name or password");
        }
        throttle.succeeded(address);
        LOG.info("fleet console: {} logged in from {}", name, address);
        return started(user.get(), address, response);
    }

    private Object logout(HttpServletRequest request, HttpServletResponse response) throws ApiException {
        login.end(request, response);
        response.setStatus(204);
        return null;
    }

    private Object changePassword(HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        User user = require("POST", request);
        Session session = login.requireSession(request);
        String address = request.getRemoteAddr();
        Login.requireNotThrottled(throttle, address, response);
        JsonObject body = json.readObject(request.getInputStream());
        char[] current = Json.text(body, "current").toCharArray();
        char[] password = Json.text(body, "password").toCharArray();
        if (users.authenticate(user.name(), current).isEmpty()) {
            throttle.failed(address);
            throw new ApiException(401, "the current password is wrong", Map.of("current", "wrong password"));
        }
        try {
            users.setPassword(user.name(), password);
        } catch (IllegalArgumentException e) {
            throw fieldProblem(e);
        }
        sessions.invalidateUserExcept(user.name(), session.id());
        LOG.info("fleet console: {} changed their password from {}; their other sessions ended", user.name(), address);
        response.setStatus(204);
        return null;
    }

    private Map<String, Object> started(User user, String address, HttpServletResponse response) {
        Session session = login.start(user.name(), address, response);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", user.name());
        answer.put("role", user.role());
        answer.put("csrf", session.csrfToken());
        return answer;
    }

    /** The store's "field: problem" messages as a 422 with the field named. */
    static ApiException fieldProblem(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage();
        int colon = message.indexOf(':');
        String field = colon > 0 && colon < 40 && !message.substring(0, colon).contains(" ")
                ? message.substring(0, colon) : null;
        return field == null ? new ApiException(422, message)
                : new ApiException(422, message, Map.of(field, message.substring(colon + 1).strip()));
    }
}
