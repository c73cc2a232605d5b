package org.edgeway.web.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A console's REST API: splits the path, asks the subclass for the answer and writes it as JSON (or as the
 * {@link Raw} or {@link Download} it returns); an {@link ApiException} becomes its status with
 * {@code {"error": ..., "fields": ...}}, anything else a 500 without a stack trace (logged). Every answer carries the
 * security headers.
 */
public abstract class JsonApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonApiServlet.class);
    /** How much of an unread request body is read and dropped before the connection is closed instead. */
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;

    /** The JSON the answers are written with. */
    protected final transient Json json;
    private final boolean https;
    private final String owner;

    /** @param owner names the console in log lines and in the 500 answer, e.g. "gateway" */
    protected JsonApiServlet(Json json, boolean https, String owner) {
        this.json = json;
        this.https = https;
        this.owner = owner;
    }

    /** A non-JSON answer. */
    public record Raw(String contentType, String text) {
    }

    /** An answer written by {@code body} as an attachment (exports). */
    public record Download(String contentType, String fileName, Body body) {
    }

    /** Writes a download. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Answers one request. The path is split into segments (never "." or ".."). Returns what to send: a value
     * written as JSON with status 200 (or the status already set), a {@link Raw}, a {@link Download}, or null for
     * 204 (or the status already set).
     */
    protected abstract Object answer(String method, List<String> path, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response, https);
        String method = request.getMethod();
        try {
            Object answer = answer(method, segments(request.getPathInfo()), request, response);
            drain(request.getInputStream(), response);
            if (answer instanceof Raw raw) {
                response.setContentType(raw.contentType());
                byte[] bytes = raw.text().getBytes(StandardCharsets.UTF_8);
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            } else if (answer instanceof Download download) {
                response.setContentType(download.contentType());
                response.setHeader("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
                try (OutputStream out = response.getOutputStream()) {
                    download.body().writeTo(out);
                }
            } else if (answer != null) {
                send(response, response.getStatus() == 0 ? 200 : response.getStatus(), json.write(answer));
            } else if (response.getStatus() == 200) {
                response.setStatus(204);
            }
        } catch (ApiException e) {
            // a refusal is often sent before the body was read (no session, no CSRF token, unknown resource)
            drain(request.getInputStream(), response);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getMessage());
            if (!e.fields().isEmpty()) {
                error.put("fields", e.fields());
            }
            send(response, e.status(), json.write(error));
        } catch (RuntimeException e) {
            LOG.error("{}: {} {} failed", owner, method, request.getRequestURI(), e);
            if (!response.isCommitted()) {
                send(response, 500, json.write(Map.of("error", "internal error; the " + owner
                        + " log has the details")));
            }
        }
    }

    /** Refuses a method the resource does not have with 405. */
    public static void allow(String method, String... allowed) throws ApiException {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new ApiException(405, method + " is not allowed here; use " + String.join(" or ", allowed));
        }
    }

    private static void send(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String pathInfo) throws ApiException {
        List<String> segments = new ArrayList<>();
        for (String segment : (pathInfo == null ? "" : pathInfo).split("/")) {
            if (!segment.isEmpty()) {
                if (segment.equals("..") || segment.equals(".")) {
                    throw new ApiException(400, "invalid path");
                }
                segments.add(segment);
            }
        }
        return segments;
    }

    /**
     * Reads and drops what is left of a request's body, up to {@value #DRAIN_BYTES} bytes, before answering: a server
     * that answers while the client still sends, or leaves unread bytes on a kept-alive connection, makes many
     * clients (browsers and the JDK's included) see a reset or closed connection instead of the answer. Beyond that
     * the connection is closed after the answer.
     */
    public static void drain(InputStream in, HttpServletResponse response) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long drained = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            drained += n;
            if (drained > DRAIN_BYTES) {
                response.setHeader("Connection", "close");
                return;
            }
        }
    }
}
