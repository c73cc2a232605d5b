package org.edgeway.core.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.management.BundleInfo;
import org.edgeway.api.management.DeploymentException;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.management.PackageInfo;
import org.edgeway.api.payload.Payload;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * Kura's INVENTORY-V1 application: {@code GET bundles}, {@code GET deploymentPackages}, {@code GET systemPackages}
 * and {@code GET inventory} answer with Kura's JSON bodies; {@code EXEC bundles/_start} and
 * {@code EXEC bundles/_stop} with Kura's body {@code {"name": "BSN", "version": "V"}} (version optional) start and
 * stop a bundle, through the {@link DeploymentService} when one is present. Stopping the framework or a bundle the
 * gateway needs to stay reachable ({@link DeploymentService#ESSENTIAL_BUNDLES}) is refused with 400.
 */
@Component(property = RequestHandler.APP_ID + "=" + InventoryRequests.APP_ID)
public class InventoryRequests implements RequestHandler {

    static final String APP_ID = "INVENTORY-V1";


    static final Path DPKG_STATUS = Path.of("/var/lib/dpkg/status");
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(InventoryRequests.class);

    private final BundleContext context;
    private final Path dpkgStatus;

    /** The deployment service, when the deploy bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeploymentService deployment;

    @Activate
    public InventoryRequests(BundleContext context) {
        this(context, DPKG_STATUS);
    }

    InventoryRequests(BundleContext context, Path dpkgStatus) {
        this.context = context;
        this.dpkgStatus = dpkgStatus;
    }

    @Override
    public Response handle(Request request) {
        if (request.verb() == Verb.EXEC) {
            return switch (request.resourcePath()) {
                case "bundles/_start" -> startOrStop(request, true);
                case "bundles/_stop" -> startOrStop(request, false);
                default -> Response.notFound("no resource 'EXEC " + request.resourcePath() + "' in " + APP_ID
                        + " (EXEC bundles/_start, EXEC bundles/_stop)");
            };
        }
        if (request.verb() != Verb.GET) {
            return Response.notFound(request.verb() + " " + request.resourcePath() + " is not supported by " + APP_ID);
        }
        return switch (request.resourcePath()) {
            case "bundles" -> json(this::writeBundles);
            case "inventory" -> json(this::writeInventory);
            case "deploymentPackages" -> json(this::writePackages);
            case "systemPackages" -> json(this::writeSystemPackages);
            default -> Response.notFound("no resource '" + request.resourcePath() + "' in " + APP_ID
                    + " (bundles, inventory, deploymentPackages, systemPackages)");
        };
    }

    // ---- EXEC bundles/_start|_stop

    /** Kura's {@code SystemBundleRef}: the bundle's symbolic name and, optionally, its exact version. */
    record BundleRef(String name, String version) {
    }

    private Response startOrStop(Request request, boolean start) {
        BundleRef ref;
        try {
            ref = bundleRef(request.payload().body());
        } catch (IllegalArgumentException e) {
            return Response.badRequest(e.getMessage());
        }
        List<Bundle> matches = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (ref.name().equals(bundle.getSymbolicName())
                    && (ref.version() == null || ref.version().equals(bundle.getVersion().toString()))) {
                matches.add(bundle);
            }
        }
        String what = ref.name() + (ref.version() == null ? "" : " " + ref.version());
        if (matches.isEmpty()) {
            return Response.notFound("no bundle " + what);
        }
        if (matches.size() > 1) {
            return Response.badRequest("several bundles " + ref.name() + " are installed ("
                    + String.join(", ", matches.stream().map(b -> b.getVersion().toString()).toList())
                    + "): give \"version\"");
        }
        Bundle bundle = matches.get(0);
        if (!start) {
            String refusal = stopRefusal(bundle);
            if (refusal != null) {
                return Response.badRequest(refusal);
            }
        }
        DeploymentService service = deployment;
        try {
            String state;
            if (service != null) {
                BundleInfo info = start ? service.startBundle(bundle.getBundleId())
                        : service.stopBundle(bundle.getBundleId());
                state = info.state();
            } else {
                if (start) {
                    bundle.start();
                } else {
                    bundle.stop();
                }
                state = stateName(bundle.getState());
            }
            LOG.info("INVENTORY-V1: bundle {} {} ({}) {} by {}, now {}", bundle.getBundleId(), ref.name(),
                    bundle.getVersion(), start ? "started" : "stopped", request.requesterClientId(), state);
            return Response.ok(Payload.builder().metric("bundle.id", bundle.getBundleId())
                    .metric("bundle.state", state).build());
        } catch (DeploymentException | BundleException | IllegalStateException e) {
            return Response.error("cannot " + (start ? "start" : "stop") + " bundle " + bundle.getBundleId() + " "
                    + what + ": " + e.getMessage());
        }
    }

    /** Why this bundle may not be stopped remotely, or null if it may. */
    String stopRefusal(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return "refusing to stop the framework (bundle 0): the gateway would shut down";
        }
        String name = bundle.getSymbolicName();
        if (DeploymentService.ESSENTIAL_BUNDLES.contains(name) || bundle.equals(context.getBundle())) {
            return "refusing to stop " + name + ": the gateway needs it to stay reachable (stopping the core, "
                    + "cloud or deploy bundle, SCR or Configuration Admin would cut it off)";
        }
        return null;
    }

    static BundleRef bundleRef(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("missing body: expected {\"name\": \"BUNDLE-SYMBOLIC-NAME\", "
                    + "\"version\": \"VERSION\"} (version optional)");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed JSON body: " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("body must be a JSON object {\"name\": ..., \"version\": ...}");
        }
        JsonObject object = root.getAsJsonObject();
        String name = string(object, "name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("body needs \"name\": the bundle's symbolic name");
        }
        return new BundleRef(name, string(object, "version"));
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string, was " + value);
        }
        return value.getAsString();
    }

    // ---- GET

    private void writeBundles(JsonWriter writer) throws IOException {
        writer.name("bundles").beginArray();
        for (Bundle bundle : context.getBundles()) {
            writer.beginObject();
            writer.name("name").value(String.valueOf(bundle.getSymbolicName()));
            writer.name("version").value(bundle.getVersion().toString());
            writer.name("id").value(bundle.getBundleId());
            writer.name("state").value(stateName(bundle.getState()));
            writer.name("signed").value(!bundle.getSignerCertificates(Bundle.SIGNERS_ALL).isEmpty());
            writer.endObject();
        }
        writer.endArray();
    }

    private List<PackageInfo> packages() {
        DeploymentService service = deployment;
        return service == null ? List.of() : service.packages();
    }

    private void writePackages(JsonWriter writer) throws IOException {
        writer.name("deploymentPackages").beginArray();
        for (PackageInfo dp : packages()) {
            writer.beginObject();
            writer.name("name").value(dp.name());
            writer.name("version").value(dp.version());
            writer.name("signer").value(dp.signer());
            writer.name("bundles").beginArray();
            for (BundleInfo bundle : dp.bundles()) {
                writer.beginObject();
                writer.name("name").value(bundle.symbolicName());
                writer.name("version").value(bundle.version());
                if (bundle.id() >= 0) {
                    writer.name("id").value(bundle.id());
                }
                writer.name("state").value(bundle.state());
                writer.endObject();
            }
            writer.endArray();
            writer.endObject();
        }
        writer.endArray();
    }

    /** An entry of {@code GET inventory}: type {@code BUNDLE}, {@code DP} or {@code DEB}. */
    record Item(String name, String version, String type) {
    }

    private void writeInventory(JsonWriter writer) throws IOException {
        List<Item> items = new ArrayList<>(systemPackages());
        for (Bundle bundle : context.getBundles()) {
            items.add(new Item(String.valueOf(bundle.getSymbolicName()), bundle.getVersion().toString(), "BUNDLE"));
        }
        packages().forEach(dp -> items.add(new Item(dp.name(), dp.version(), "DP")));
        items.sort(Comparator.comparing(Item::name).thenComparing(Item::type));
        writer.name("inventory").beginArray();
        writeItems(writer, items);
        writer.endArray();
    }

    private void writeSystemPackages(JsonWriter writer) throws IOException {
        writer.name("systemPackages").beginArray();
        writeItems(writer, systemPackages());
        writer.endArray();
    }

    private static void writeItems(JsonWriter writer, List<Item> items) throws IOException {
        for (Item item : items) {
            writer.beginObject();
            writer.name("name").value(item.name());
            writer.name("version").value(item.version());
            writer.name("type").value(item.type());
            writer.endObject();
        }
    }

    /** The installed Debian packages from dpkg's status file (no process is run); empty on other systems. */
    List<Item> systemPackages() {
        if (!Files.isReadable(dpkgStatus)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(dpkgStatus, StandardCharsets.UTF_8)) {
            return parseDpkgStatus(lines.iterator());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("INVENTORY-V1: cannot read {}: {}", dpkgStatus, e.getMessage());
            return List.of();
        }
    }

    static List<Item> parseDpkgStatus(java.util.Iterator<String> lines) {
        List<Item> items = new ArrayList<>();
        String name = null;
        String version = null;
        boolean installed = false;
        while (true) {
            String line = lines.hasNext() ? lines.next() : null;
            if (line == null || line.isEmpty()) {
                if (name != null && version != null && installed) {
                    items.add(new Item(name, version, "DEB"));
                }
                name = null;
                version = null;
                installed = false;
                if (line == null) {
                    break;
                }
            } else if (line.startsWith("Package:")) {
                name = line.substring(8).strip();
            } else if (line.startsWith("Version:")) {
                version = line.substring(8).strip();
            } else if (line.startsWith("Status:")) {
                installed = line.strip().endsWith(" installed");
            }
        }
        items.sort(Comparator.comparing(Item::name));
        return items;
    }

    // ---- JSON

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
