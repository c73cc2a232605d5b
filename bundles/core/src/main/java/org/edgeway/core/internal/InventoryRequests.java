package org.edgeway.core.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.payload.Payload;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.google.gson.stream.JsonWriter;

/**
 * Kura's INVENTORY-V1 application, read-only part: {@code GET bundles}, {@code GET inventory} and
 * {@code GET deploymentPackages} answer with Kura's JSON bodies. Starting and stopping bundles remotely belongs
 * to the remote management work and is answered 404 until then.
 */
@Component(property = RequestHandler.APP_ID + "=" + InventoryRequests.APP_ID)
public class InventoryRequests implements RequestHandler {

    static final String APP_ID = "INVENTORY-V1";

    private final BundleContext context;

    @Activate
    public InventoryRequests(BundleContext context) {
        this.context = context;
    }

    @Override
    public Response handle(Request request) {
        if (request.verb() != Verb.GET) {
            return Response.notFound(request.verb() + " " + request.resourcePath() + " is not supported by " + APP_ID);
        }
        return switch (request.resourcePath()) {
            case "bundles" -> json(writer -> writeBundles(writer, "bundles", false));
            case "inventory" -> json(writer -> writeBundles(writer, "inventory", true));
            case "deploymentPackages" -> json(writer -> {
                // deployment packages arrive with remote deployment; until then there are none
                writer.name("deploymentPackages").beginArray().endArray();
            });
            default -> Response.notFound("no resource '" + request.resourcePath() + "' in " + APP_ID
                    + " (bundles, inventory, deploymentPackages)");
        };
    }

    private void writeBundles(JsonWriter writer, String name, boolean typed) throws IOException {
        writer.name(name).beginArray();
        for (Bundle bundle : context.getBundles()) {
            writer.beginObject();
            writer.name("name").value(String.valueOf(bundle.getSymbolicName()));
            writer.name("version").value(bundle.getVersion().toString());
            if (typed) {
                writer.name("type").value("BUNDLE");
            } else {
                writer.name("id").value(bundle.getBundleId());
                writer.name("state").value(stateName(bundle.getState()));
                writer.name("signed").value(!bundle.getSignerCertificates(Bundle.SIGNERS_ALL).isEmpty());
            }
            writer.endObject();
        }
        writer.endArray();
    }

    private interface Body {
        void write(JsonWriter writer) throws IOException;
    }

    private static Response json(Body body) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = new JsonWriter(text)) {
            writer.beginObject();
            body.write(writer);
            writer.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return Response.ok(Payload.builder().body(text.toString().getBytes(StandardCharsets.UTF_8)).build());
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN";
        };
    }
}
