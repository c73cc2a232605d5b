package org.edgeway.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.hotspot.HotspotService;
import org.edgeway.api.management.BundleInfo;
import org.edgeway.api.management.ConfigurationException;
import org.edgeway.api.management.ConfigurationInfo;
import org.edgeway.api.management.DeploymentException;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.management.JobStatus;
import org.edgeway.api.management.PackageInfo;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.transit.VehicleContext;
import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.JsonApiServlet;
import org.edgeway.web.common.Login;
import org.edgeway.web.common.security.SessionStore.Session;
import org.osgi.service.log.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST API under {@code /api/} (docs/web-console.md): one small router over the path segments, every answer JSON,
 * every refusal a 4xx with a message naming the problem; an unexpected failure is logged and answered with a 500
 * without details.
 */
final class ApiServlet extends JsonApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** Also never stopped from the console: the console itself and the HTTP server it runs on. */
    private static final Set<String> CONSOLE_BUNDLES = Set.of("org.edgeway.web", "org.edgeway.web.common", "org.apache.felix.http.jetty12",
            "org.apache.felix.http.servlet-api");

    private final transient ConsoleServices services;
    private final transient Auth auth;
    private final transient LogBuffer logs;
    private final transient Path uploads;
    private final long maxUploadBytes;
    private final AtomicLong jobs = new AtomicLong();

    ApiServlet(ConsoleServices services, Auth auth, Json json, LogBuffer logs, Path uploads, long maxUploadBytes,
            boolean https) {
        super(json, https, "gateway");
        this.services = services;
        this.auth = auth;
        this.logs = logs;
        this.uploads = uploads;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    protected Object answer(String method, List<String> path, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException {
        if (!path.isEmpty() && path.get(0).equals("auth") && path.size() <= 2) {
            return auth.handle(method, path.size() == 2 ? path.get(1) : null, request, response);
        }
        Session session = auth.requireSession(request);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Login.requireCsrf(session, request);
        }
        return route(method, path, request, response);
    }

    private Object route(String method, List<String> path, HttpServletRequest request, HttpServletResponse response)
            throws ApiException, IOException {
        String resource = path.isEmpty() ? "" : path.get(0);
        int size = path.size();
        switch (resource) {
            case "status" -> {
                only(size, 1, path);
                allow(method, "GET");
                return status();
            }
            case "bundles" -> {
                if (size == 1) {
                    allow(method, "GET", "POST");
                    return method.equals("GET") ? bundles() : upload(request, response);
                }
                long id = id(path.get(1), "bundle");
                if (size == 2) {
                    allow(method, "DELETE");
                    return uninstallBundle(id, response);
                }
                only(size, 3, path);
                allow(method, "POST");
                return switch (path.get(2)) {
                    case "start" -> deployment(() -> services.deployment().startBundle(id));
                    case "stop" -> stopBundle(id);
                    default -> throw notFound(path);
                };
            }
            case "packages" -> {
                only(size, 1, path);
                allow(method, "GET");
                return services.deployment().packages();
            }
            case "jobs" -> {
                only(size, 2, path);
                if (!path.get(1).equals("last")) {
                    throw notFound(path);
                }
                allow(method, "GET");
                return services.deployment().lastJob()
                        .orElseThrow(() -> new ApiException(404, "no deployment job since the gateway started"));
            }
            case "components" -> {
                only(size, 1, path);
                allow(method, "GET");
                return services.configuration().components();
            }
            case "configurations" -> {
                return configurations(method, path, request, response);
            }
            case "snapshots" -> {
                return snapshots(method, path, response);
            }
            case "logs" -> {
                only(size, 1, path);
                allow(method, "GET");
                return logs(request);
            }
            case "live" -> {
                only(size, 1, path);
                allow(method, "GET");
                return live();
            }
            default -> throw notFound(path);
        }
    }

    private static void only(int size, int expected, List<String> path) throws ApiException {
        if (size != expected) {
            throw notFound(path);
        }
    }

    private static ApiException notFound(List<String> path) {
        return new ApiException(404, "no such resource: /api/" + String.join("/", path));
    }

    private static long id(String text, String what) throws ApiException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(400, what + " id must be a number, was '" + text + "'");
        }
    }

    // ---- status ------------------------------------------------------------------------------------------------------

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("identity", services.identity().info());
        status.put("uptimeSeconds", services.identity().uptime().toSeconds());
        CloudPublisher cloud = services.cloud().orElse(null);
        status.put("cloud", cloud == null ? null : cloud.status());
        status.put("queue", cloud == null ? null : cloud.metrics());
        List<Map<String, Object>> recent = new ArrayList<>();
        if (cloud != null) {
            cloud.recentDeliveries().forEach(message -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("time", message.time());
                entry.put("topic", message.topic());
                entry.put("bytes", message.bytes());
                entry.put("qos", message.qos().level());
                recent.add(entry);
            });
        }
        status.put("recentPublishes", recent);
        return status;
    }

    // ---- bundles -----------------------------------------------------------------------------------------------------

    private List<Map<String, Object>> bundles() {
        DeploymentService deployment = services.deployment();
        Map<Long, String> packageOf = new HashMap<>();
        for (PackageInfo pkg : deployment.packages()) {
            pkg.bundles().forEach(bundle -> packageOf.put(bundle.id(), pkg.name()));
        }
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (BundleInfo bundle : deployment.bundles()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", bundle.id());
            entry.put("symbolicName", bundle.symbolicName());
            entry.put("version", bundle.version());
            entry.put("state", bundle.state());
            entry.put("package", packageOf.get(bundle.id()));
            entry.put("essential", isEssential(bundle));
            bundles.add(entry);
        }
        return bundles;
    }

    private static boolean isEssential(BundleInfo bundle) {
        return bundle.id() == 0 || DeploymentService.ESSENTIAL_BUNDLES.contains(bundle.symbolicName())
                || CONSOLE_BUNDLES.contains(bundle.symbolicName());
    }

    private Object stopBundle(long id) throws ApiException {
        BundleInfo bundle = services.deployment().bundles().stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new ApiException(404, "no bundle with id " + id));
        if (CONSOLE_BUNDLES.contains(bundle.symbolicName())) {
            throw new ApiException(409, "bundle " + id + " (" + bundle.symbolicName() + ") runs this console; it "
                    + "cannot be stopped from here");
        }
        return deployment(() -> services.deployment().stopBundle(id));
    }

    private Object uninstallBundle(long id, HttpServletResponse response) throws ApiException {
        DeploymentService deployment = services.deployment();
        BundleInfo bundle = deployment.bundles().stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new ApiException(404, "no bundle with id " + id));
        PackageInfo pkg = deployment.packages().stream()
                .filter(p -> p.bundles().stream().anyMatch(b -> b.id() == id)).findFirst()
                .orElseThrow(() -> new ApiException(409, "bundle " + id + " (" + bundle.symbolicName() + ") is part "
                        + "of the distribution; it is updated with the distribution, not uninstalled"));
        JobStatus job = deployment(() -> deployment.uninstall(pkg.name(), nextJobId(), "web:" + Auth.USER,
                status -> { }));
        response.setStatus(202);
        return job;
    }

    private Object upload(HttpServletRequest request, HttpServletResponse response) throws ApiException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxUploadBytes) {
            drain(request.getInputStream(), response);
            throw new ApiException(413, "the upload is " + declared + " bytes, more than the limit of "
                    + maxUploadBytes + " bytes (upload.max.bytes)");
        }
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, "upload-", ".part");
        try {
            long size;
            try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                size = copyAtMost(in, out, maxUploadBytes);
                if (size < 0) {
                    drain(in, response);
                }
            }
            if (size < 0) {
                throw new ApiException(413, "the upload is larger than the limit of " + maxUploadBytes
                        + " bytes (upload.max.bytes)");
            }
            if (size == 0) {
                throw new ApiException(400, "the upload is empty; send the bundle or package file as the body");
            }
            String name = request.getHeader("X-File-Name");
            LOG.info("web console: upload of {} ({} bytes)", name == null ? "a file" : name.replaceAll("[^\\w.+-]",
                    "_"), size);
            JobStatus job = deployment(() -> services.deployment().installFile(file, nextJobId(), "web:" + Auth.USER,
                    status -> { }));
            response.setStatus(202);
            return job;
        } finally {
            Files.deleteIfExists(file); // the job moved it away if it took it
        }
    }

    /** Copies up to {@code limit} bytes; -1 if there was more. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                return -1;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private String nextJobId() {
        return "web-" + System.currentTimeMillis() + "-" + jobs.incrementAndGet();
    }

    private interface DeploymentCall<T> {
        T call() throws DeploymentException;
    }

    private static <T> T deployment(DeploymentCall<T> call) throws ApiException {
        try {
            return call.call();
        } catch (DeploymentException e) {
            int status = switch (e.reason()) {
                case NOT_FOUND -> 404;
                case INVALID -> 415;
                case TOO_LARGE -> 413;
                case BUSY, REFUSED -> 409;
            };
            throw new ApiException(status, e.getMessage());
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------------------

    private interface ConfigurationCall<T> {
        T call() throws ConfigurationException;
    }

    private static <T> T configuration(ConfigurationCall<T> call) throws ApiException {
        try {
            return call.call();
        } catch (ConfigurationException e) {
            Map<String, String> fields = new LinkedHashMap<>();
            // the service names fields pid:key; a form knows its pid
            e.problems().forEach((field, problem) -> fields.put(field.substring(field.lastIndexOf(':') + 1), problem));
            int status = switch (e.reason()) {
                case NOT_FOUND -> 404;
                case INVALID, ACTIVATION_FAILED -> 422;
                case FAILED -> 500;
            };
            if (status == 500) {
                LOG.error("web console: storing a configuration failed: {}", e.getMessage());
            }
            throw new ApiException(status, e.getMessage(), fields);
        }
    }

    private Object configurations(String method, List<String> path, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException {
        if (path.size() == 1) {
            allow(method, "GET");
            return services.configuration().configurations();
        }
        String pid = path.get(1);
        if (path.size() == 2) {
            allow(method, "GET", "PUT", "DELETE");
            switch (method) {
                case "GET" -> {
                    return services.configuration().configuration(pid)
                            .orElseThrow(() -> new ApiException(404, "no configuration " + pid + " is stored"));
                }
                case "PUT" -> {
                    Map<String, Object> values = ConfigurationValues.of(json.readObject(request.getInputStream()));
                    return configuration(() -> services.configuration().update(pid, values));
                }
                default -> {
                    configuration(() -> {
                        services.configuration().delete(pid);
                        return null;
                    });
                    response.setStatus(204);
                    return null;
                }
            }
        }
        if (path.size() == 3 && path.get(2).equals("instances")) {
            allow(method, "POST");
            JsonObject body = json.readObject(request.getInputStream());
            String name = Json.text(body, "name");
            JsonElement values = body.get("values");
            if (values != null && !values.isJsonNull() && !values.isJsonObject()) {
                throw new ApiException(400, "'values' must be an object, not " + Json.kind(values));
            }
            Map<String, Object> typed = values == null || values.isJsonNull() ? Map.of()
                    : ConfigurationValues.of(values.getAsJsonObject());
            ConfigurationInfo created = configuration(
                    () -> services.configuration().createFactoryInstance(pid, name, typed));
            response.setStatus(201);
            return created;
        }
        throw notFound(path);
    }

    private Object snapshots(String method, List<String> path, HttpServletResponse response) throws ApiException {
        if (path.size() == 1) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                return services.configuration().snapshots();
            }
            Object taken = configuration(() -> services.configuration().takeSnapshot());
            response.setStatus(201);
            return taken;
        }
        long id = id(path.get(1), "snapshot");
        if (path.size() == 3 && path.get(2).equals("rollback")) {
            allow(method, "POST");
            configuration(() -> {
                services.configuration().rollback(id);
                return null;
            });
            response.setStatus(204);
            return null;
        }
        if (path.size() == 3 && path.get(2).equals("kura.xml")) {
            allow(method, "GET");
            String xml = configuration(() -> services.configuration().exportKuraXml(id));
            response.setHeader("Content-Disposition", "attachment; filename=\"snapshot-" + id + ".xml\"");
            return new Raw("application/xml;charset=utf-8", xml);
        }
        throw notFound(path);
    }

    // ---- logs and live data ------------------------------------------------------------------------------------------

    private LogBuffer.Page logs(HttpServletRequest request) throws ApiException {
        long after = request.getParameter("after") == null ? -1 : id(request.getParameter("after"), "after: a log");
        int limit = 200;
        if (request.getParameter("limit") != null) {
            limit = (int) Math.max(1, Math.min(LogBuffer.MAX_PAGE, id(request.getParameter("limit"), "limit: a")));
        }
        LogLevel level = LogBuffer.parseLevel(request.getParameter("level"));
        return logs.page(after, limit, level);
    }

    private Map<String, Object> live() {
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("meters", services.meters().map(meters -> (Object) meters.latestReadings()).orElse(List.of()));
        PositionService position = services.position().orElse(null);
        if (position == null) {
            live.put("position", null);
        } else {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("status", position.status());
            section.put("fix", position.currentFix().orElse(null));
            live.put("position", section);
        }
        VehicleContext vehicle = services.vehicle().orElse(null);
        if (vehicle == null) {
            live.put("transit", null);
        } else {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("trip", vehicle.currentTrip().orElse(null));
            section.put("lastStop", vehicle.lastStop().orElse(null));
            section.put("doorsOpen", vehicle.doorsOpen());
            section.put("occupancy", vehicle.occupancy());
            live.put("transit", section);
        }
        HotspotService hotspot = services.hotspot().orElse(null);
        if (hotspot == null) {
            live.put("hotspot", null);
        } else {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("status", hotspot.status());
            section.put("clients", hotspot.sessions());
            live.put("hotspot", section);
        }
        return live;
    }
}
