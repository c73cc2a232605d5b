package org.edgeway.web.common;

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
 * Serves a console's UI from a folder of its bundle (nothing is loaded from the internet), with the same security
 * headers as the APIs; {@code common/...} comes from this bundle: the client library and style sheet every console
 * shares. Not the whiteboard's resource service: that one cannot add headers.
 */
public final class StaticServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String COMMON = "/common/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "json", "application/json;charset=utf-8");

    private final transient Bundle bundle;
    private final String folder;
    private final boolean https;

    /** @param folder the folder in {@code bundle} holding index.html and the rest, e.g. "static" */
    public StaticServlet(Bundle bundle, String folder, boolean https) {
        this.bundle = bundle;
        this.folder = folder;
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
        URL resource = null;
        if (!path.contains("..") && !path.contains("//") && type != null) {
            resource = path.startsWith(COMMON)
                    ? StaticServlet.class.getResource("static/" + path.substring(COMMON.length()))
                    : bundle.getEntry(folder + path);
        }
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
