package org.edgeway.web.common;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;

/** Registers a console's servlets with the OSGi Servlet Whiteboard (Felix HTTP serves them). */
public final class Whiteboard {

    private Whiteboard() {
    }

    /** @param pattern e.g. {@code /api/*} */
    public static ServiceRegistration<Servlet> register(BundleContext context, Servlet servlet, String name,
            String pattern) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, name);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        return context.registerService(Servlet.class, servlet, properties);
    }

    /** Unregisters, unless the registration is already gone with its bundle. */
    public static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
