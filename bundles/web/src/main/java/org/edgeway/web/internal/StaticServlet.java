package org.edgeway.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Bundle;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the web UI from the bundle's {@code static/} folder (nothing is loaded from the internet), with the same
 * security headers as the API. Not the whiteboard's resource service: that one cannot add headers.
 */
final class StaticServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "json", "application/json;charset=utf-8");

    private final transient Bundle bundle;
    private final boolean https;

    StaticServlet(Bundle bundle, boolean https) {
        this.bundle = bundle;
        this.https = https;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response, https);
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/")) {
            path = "/index.html";
        }
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        URL resource = path.contains("..") || path.contains("//") || type == null ? null
                : bundle.getEntry("static" + path);
        if (resource == null) {
            response.sendError(404, "not found");
            return;
        }
        byte[] bytes;
        try (InputStream in = resource.openStream()) {
            bytes = in.readAllBytes();
        }
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
