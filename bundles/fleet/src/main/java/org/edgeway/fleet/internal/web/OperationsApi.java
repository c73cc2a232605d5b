package org.edgeway.fleet.internal.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.edgeway.fleet.internal.ops.FleetOperations;
import org.edgeway.fleet.internal.ops.InvalidInput;
import org.edgeway.fleet.internal.ops.OpsJson;
import org.edgeway.fleet.internal.ops.RolloutView;
import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.JsonApiServlet;
import org.edgeway.web.common.security.UserStore.User;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Fleet operations over REST: groups ({@code /groups[/NAME]}) and rollouts ({@code /rollouts[/ID[/cancel]]}).
 * Reading is for every user; changing needs the admin role. Bodies are parsed by {@link OpsJson}; the operations'
 * checks name the field that was wrong ({@link InvalidInput}): answered 422 with that field.
 */
final class OperationsApi {

    private final FleetOperations operations;
    private final Json json;
    private final String account;

    OperationsApi(FleetOperations operations, Json json, String account) {
        this.operations = operations;
        this.json = json;
        this.account = account;
    }

    Object groups(String method, List<String> path, User user, HttpServletRequest request) throws ApiException,
            IOException {
        if (path.size() == 1) {
            JsonApiServlet.allow(method, "GET");
            return Map.of("groups", operations.groups(account));
        }
        if (path.size() != 2) {
            throw FleetApiServlet.notFound(path);
        }
        String name = path.get(1);
        JsonApiServlet.allow(method, "GET", "PUT", "DELETE");
        try {
            if (method.equals("GET")) {
                return operations.group(account, name)
                        .orElseThrow(() -> new ApiException(404, "no group named " + name));
            }
            FleetAuth.requireAdmin(user);
            if (method.equals("DELETE")) {
                if (!operations.deleteGroup(account, name)) {
                    throw new ApiException(404, "no group named " + name);
                }
                return null;
            }
            JsonObject body = json.readObject(request.getInputStream());
            return operations.putGroup(account, name, OpsJson.groupClients(body), user.name());
        } catch (InvalidInput e) {
            throw invalid(e);
        }
    }

    Object rollouts(String method, List<String> path, User user, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException {
        try {
            if (path.size() == 1) {
                JsonApiServlet.allow(method, "GET", "POST");
                if (method.equals("GET")) {
                    int limit = (int) FleetApiServlet.longParameter(request, "limit", 50, 1,
                            FleetOperations.MAX_LIMIT);
                    return Map.of("rollouts", operations.rollouts(account, limit));
                }
                FleetAuth.requireAdmin(user);
                JsonObject body = json.readObject(request.getInputStream());
                RolloutView started = operations.start(account, OpsJson.operation(body.get("operation")),
                        OpsJson.targets(body.get("targets")), OpsJson.plan(body.get("plan")), user.name());
                response.setStatus(201);
                return started;
            }
            long id = id(path.get(1));
            if (path.size() == 2) {
                JsonApiServlet.allow(method, "GET");
                return operations.rollout(account, id).orElseThrow(() -> noRollout(id));
            }
            if (path.size() == 3 && path.get(2).equals("cancel")) {
                JsonApiServlet.allow(method, "POST");
                FleetAuth.requireAdmin(user);
                return operations.cancel(account, id, user.name()).orElseThrow(() -> noRollout(id));
            }
            throw FleetApiServlet.notFound(path);
        } catch (InvalidInput e) {
            throw invalid(e);
        }
    }

    /** The jobs of one gateway over all rollouts, newest first. */
    Object gatewayJobs(String clientId) {
        return operations.gatewayJobs(account, clientId, 20);
    }

    private static long id(String text) throws ApiException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no rollout " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
    }

    private static ApiException noRollout(long id) {
        return new ApiException(404, "no rollout " + id);
    }

    private static ApiException invalid(InvalidInput e) {
        String message = e.getMessage();
        String prefix = e.field() + ": ";
        return new ApiException(422, message, Map.of(e.field(),
                message.startsWith(prefix) ? message.substring(prefix.length()) : message));
    }
}
