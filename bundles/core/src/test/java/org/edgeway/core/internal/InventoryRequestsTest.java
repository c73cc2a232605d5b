package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.management.BundleInfo;
import org.edgeway.api.management.DeployRequest;
import org.edgeway.api.management.DeploymentException;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.management.JobStatus;
import org.edgeway.api.management.PackageInfo;
import org.edgeway.api.payload.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class InventoryRequestsTest {

    @TempDir
    Path dir;

    /** A bundle whose state start() and stop() change, counting the calls. */
    static final class FakeBundle {
        final long id;
        final String name;
        final String version;
        final AtomicInteger state = new AtomicInteger(Bundle.ACTIVE);
        final List<String> calls = new ArrayList<>();
        final Bundle bundle;

        FakeBundle(long id, String name, String version) {
            this.id = id;
            this.name = name;
            this.version = version;
            Map<String, Function<Object[], Object>> answers = new HashMap<>();
            answers.put("getBundleId", args -> id);
            answers.put("getSymbolicName", args -> name);
            answers.put("getVersion", args -> Version.parseVersion(version));
            answers.put("getState", args -> state.get());
            answers.put("getSignerCertificates", args -> Map.of());
            answers.put("start", args -> {
                calls.add("start");
                state.set(Bundle.ACTIVE);
                return null;
            });
            answers.put("stop", args -> {
                calls.add("stop");
                state.set(Bundle.RESOLVED);
                return null;
            });
            this.bundle = OsgiFakes.proxy(Bundle.class, answers);
        }
    }

    private final FakeBundle framework = new FakeBundle(0, "org.apache.felix.framework", "7.0.5");
    private final FakeBundle core = new FakeBundle(5, "org.edgeway.core", "0.1.0.SNAPSHOT");
    private final FakeBundle cloud = new FakeBundle(6, "org.edgeway.cloud", "0.1.0.SNAPSHOT");
    private final FakeBundle gogo = new FakeBundle(7, "org.apache.felix.gogo.command", "1.1.2");
    private final FakeBundle meterV1 = new FakeBundle(8, "com.example.meter", "1.0.0");
    private final FakeBundle meterV2 = new FakeBundle(9, "com.example.meter", "2.0.0");

    private InventoryRequests handler() {
        Bundle[] all = {framework.bundle, core.bundle, cloud.bundle, gogo.bundle, meterV1.bundle, meterV2.bundle};
        BundleContext context = OsgiFakes.proxy(BundleContext.class, Map.of(
                "getBundles", args -> all.clone(),
                "getBundle", args -> core.bundle));
        return new InventoryRequests(context, dir.resolve("no-dpkg-status"));
    }

    private static Request request(Verb verb, String path, String body) {
        Payload.Builder payload = Payload.builder();
        if (body != null) {
            payload.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return new Request("INVENTORY-V1", verb, List.of(path.split("/")), "r1", "console", payload.build());
    }

    private static JsonObject json(Response response) {
        assertThat(response.code()).as(response.errorMessage()).isEqualTo(200);
        return JsonParser.parseString(new String(response.payload().body(), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    /** A deployment service that knows one package and records start/stop calls. */
    static final class FakeDeployment implements DeploymentService {
        final List<String> calls = new ArrayList<>();
        final Map<Long, FakeBundle> bundles = new HashMap<>();

        @Override
        public List<PackageInfo> packages() {
            return List.of(new PackageInfo("meters", "1.2.0", "SHA-256:ab",
                    List.of(new BundleInfo(8, "com.example.meter", "1.0.0", "ACTIVE"),
                            new BundleInfo(-1, "com.example.gone", "1.0.0", "UNINSTALLED"))));
        }

        @Override
        public BundleInfo startBundle(long bundleId) {
            calls.add("start " + bundleId);
            return new BundleInfo(bundleId, "x", "1", "ACTIVE");
        }

        @Override
        public BundleInfo stopBundle(long bundleId) throws DeploymentException {
            calls.add("stop " + bundleId);
            if (bundleId == 7) {
                throw new DeploymentException("bundle 7 cannot be stopped: boom");
            }
            return new BundleInfo(bundleId, "x", "1", "RESOLVED");
        }

        @Override
        public JobStatus deploy(DeployRequest request, Consumer<JobStatus> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobStatus install(String name, String version, String jobId, String owner,
                Consumer<JobStatus> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobStatus installFile(java.nio.file.Path file, String jobId, String owner,
                Consumer<JobStatus> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobStatus uninstall(String name, String jobId, String owner, Consumer<JobStatus> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancelDownload() {
            return false;
        }

        @Override
        public java.util.Optional<JobStatus> currentJob() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<JobStatus> lastJob() {
            return java.util.Optional.empty();
        }

        @Override
        public List<BundleInfo> bundles() {
            return List.of();
        }
    }

    @Test
    void withoutDeploymentServiceThereAreNoPackages() {
        JsonObject body = json(handler().handle(request(Verb.GET, "deploymentPackages", null)));

        assertThat(body.getAsJsonArray("deploymentPackages")).isEmpty();
    }

    @Test
    void listsThePackagesOfTheDeploymentServiceWithTheirBundles() {
        InventoryRequests handler = handler();
        handler.deployment = new FakeDeployment();

        JsonArray packages = json(handler.handle(request(Verb.GET, "deploymentPackages", null)))
                .getAsJsonArray("deploymentPackages");

        assertThat(packages).hasSize(1);
        JsonObject dp = packages.get(0).getAsJsonObject();
        assertThat(dp.get("name").getAsString()).isEqualTo("meters");
        assertThat(dp.get("version").getAsString()).isEqualTo("1.2.0");
        JsonArray bundles = dp.getAsJsonArray("bundles");
        assertThat(bundles).hasSize(2);
        JsonObject first = bundles.get(0).getAsJsonObject();
        assertThat(first.get("name").getAsString()).isEqualTo("com.example.meter");
        assertThat(first.get("id").getAsLong()).isEqualTo(8);
        assertThat(first.get("state").getAsString()).isEqualTo("ACTIVE");
        assertThat(bundles.get(1).getAsJsonObject().has("id")).isFalse();
    }

    @Test
    void inventoryHoldsBundlesPackagesAndSystemPackagesSortedByName() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), """
                Package: zlib1g
                Status: install ok installed
                Version: 1:1.2.13

                Package: removed
                Status: deinstall ok config-files
                Version: 1.0

                Package: adduser
                Status: install ok installed
                Priority: important
                Version: 3.134
                """);
        BundleContext context = OsgiFakes.proxy(BundleContext.class,
                Map.of("getBundles", args -> new Bundle[] {gogo.bundle}));
        InventoryRequests handler = new InventoryRequests(context, status);
        handler.deployment = new FakeDeployment();

        JsonArray inventory = json(handler.handle(request(Verb.GET, "inventory", null))).getAsJsonArray("inventory");
        JsonArray system = json(handler.handle(request(Verb.GET, "systemPackages", null)))
                .getAsJsonArray("systemPackages");

        assertThat(inventory.asList().stream().map(e -> e.getAsJsonObject().get("name").getAsString() + " "
                + e.getAsJsonObject().get("type").getAsString()))
                .containsExactly("adduser DEB", "meters DP", "org.apache.felix.gogo.command BUNDLE", "zlib1g DEB");
        assertThat(system).hasSize(2);
        assertThat(system.get(1).getAsJsonObject().get("version").getAsString()).isEqualTo("1:1.2.13");
    }

    @Test
    void startsAndStopsABundleDirectlyWithoutDeploymentService() {
        InventoryRequests handler = handler();

        Response stopped = handler.handle(request(Verb.EXEC, "bundles/_stop",
                "{\"name\": \"org.apache.felix.gogo.command\"}"));
        assertThat(stopped.code()).as(stopped.errorMessage()).isEqualTo(200);
        assertThat(gogo.state.get()).isEqualTo(Bundle.RESOLVED);
        assertThat(stopped.payload().stringMetric("bundle.state")).contains("RESOLVED");

        Response started = handler.handle(request(Verb.EXEC, "bundles/_start",
                "{\"name\": \"org.apache.felix.gogo.command\", \"version\": \"1.1.2\"}"));
        assertThat(started.code()).isEqualTo(200);
        assertThat(gogo.calls).containsExactly("stop", "start");
        assertThat(gogo.state.get()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void startsAndStopsThroughTheDeploymentServiceWhenPresent() {
        InventoryRequests handler = handler();
        FakeDeployment deployment = new FakeDeployment();
        handler.deployment = deployment;

        assertThat(handler.handle(request(Verb.EXEC, "bundles/_stop",
                "{\"name\": \"com.example.meter\", \"version\": \"2.0.0\"}")).code()).isEqualTo(200);
        assertThat(handler.handle(request(Verb.EXEC, "bundles/_start",
                "{\"name\": \"com.example.meter\", \"version\": \"2.0.0\"}")).code()).isEqualTo(200);
        Response failed = handler.handle(request(Verb.EXEC, "bundles/_stop",
                "{\"name\": \"org.apache.felix.gogo.command\"}"));

        assertThat(deployment.calls).containsExactly("stop 9", "start 9", "stop 7");
        assertThat(meterV2.calls).isEmpty();
        assertThat(failed.code()).isEqualTo(500);
        assertThat(failed.errorMessage()).contains("boom");
    }

    @Test
    void refusesToStopTheFrameworkAndTheBundlesThatKeepTheGatewayReachable() {
        InventoryRequests handler = handler();
        FakeDeployment deployment = new FakeDeployment();
        handler.deployment = deployment;

        for (String name : List.of("org.apache.felix.framework", "org.edgeway.core", "org.edgeway.cloud")) {
            Response response = handler.handle(request(Verb.EXEC, "bundles/_stop", "{\"name\": \"" + name + "\"}"));
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.errorMessage()).startsWith("refusing to stop");
        }
        assertThat(deployment.calls).isEmpty();
        assertThat(framework.calls).isEmpty();
        assertThat(cloud.calls).isEmpty();
        // starting them is harmless
        assertThat(handler.handle(request(Verb.EXEC, "bundles/_start", "{\"name\": \"org.edgeway.cloud\"}")).code())
                .isEqualTo(200);
    }

    @Test
    void unknownBundlesAre404AndBadBodies400() {
        InventoryRequests handler = handler();

        assertThat(handler.handle(request(Verb.EXEC, "bundles/_stop", "{\"name\": \"nope\"}")).code())
                .isEqualTo(404);
        assertThat(handler.handle(request(Verb.EXEC, "bundles/_stop",
                "{\"name\": \"org.apache.felix.gogo.command\", \"version\": \"9.9.9\"}")).code()).isEqualTo(404);
        for (String body : new String[] {null, "", "{", "[1]", "{\"version\": \"1\"}", "{\"name\": 3}",
                "{\"name\": \"\"}"}) {
            Response response = handler.handle(request(Verb.EXEC, "bundles/_start", body));
            assertThat(response.code()).as(body).isEqualTo(400);
            assertThat(response.errorMessage()).as(body).isNotBlank();
        }
        Response ambiguous = handler.handle(request(Verb.EXEC, "bundles/_stop", "{\"name\": \"com.example.meter\"}"));
        assertThat(ambiguous.code()).isEqualTo(400);
        assertThat(ambiguous.errorMessage()).contains("1.0.0", "2.0.0", "version");
        assertThat(handler.handle(request(Verb.EXEC, "bundles/_restart", "{}")).code()).isEqualTo(404);
        assertThat(gogo.calls).isEmpty();
    }

    @Test
    void bundlesListingIsUnchanged() {
        JsonArray bundles = json(handler().handle(request(Verb.GET, "bundles", null))).getAsJsonArray("bundles");

        JsonObject gogoJson = bundles.get(3).getAsJsonObject();
        assertThat(gogoJson.get("name").getAsString()).isEqualTo("org.apache.felix.gogo.command");
        assertThat(gogoJson.get("id").getAsLong()).isEqualTo(7);
        assertThat(gogoJson.get("state").getAsString()).isEqualTo("ACTIVE");
        assertThat(gogoJson.get("signed").getAsBoolean()).isFalse();
    }
}
