package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.GatewayBirth;
import org.edgeway.fleet.internal.store.InstalledPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's packages come from asking each gateway after its birth: Kura's births list none. */
class PackageInventoryTest {

    private static final String ACCOUNT = "edgeway";

    @TempDir
    Path dir;

    private FleetDatabase database;
    private FleetStore registry;
    private final FakeTransport transport = new FakeTransport("edgeway-console-test");
    private PackageInventory inventory;

    @BeforeEach
    void open() {
        database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        registry = new FleetStore(database, Clock.systemUTC());
        inventory = new PackageInventory(ACCOUNT, registry, transport);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void born(String clientId, Instant at) {
        registry.birth(new GatewayBirth(ACCOUNT, clientId, at, Map.of("display_name", clientId), null, null, null));
    }

    /** The gateway's reply, handed to the inventory as the operations' thread does; it must take it. */
    private void answer(GatewayTransport.Request request, int code, String body) {
        assertThat(inventory.onReply(new GatewayTransport.Reply(request.app(), request.requestId(), code,
                code == 200 ? null : "no deploy bundle", body == null ? null : body.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
    }

    private List<InstalledPackage> packagesOf(String clientId) {
        return registry.gateway(ACCOUNT, clientId).orElseThrow().packages();
    }

    @Test
    void asksEachOnlineGatewayOncePerBirthAndStoresItsAnswer() {
        Instant birth = Instant.parse("2026-11-27T06:00:00Z");
        born("bus-1", birth);
        born("bus-2", birth);
        registry.disconnected(ACCOUNT, "bus-2", birth.plusSeconds(5), true);

        inventory.round();
        assertThat(transport.receivers()).containsExactly("bus-1");
        GatewayTransport.Request asked = transport.last("bus-1");
        assertThat(asked.app()).isEqualTo("DEPLOY-V2");
        assertThat(asked.verb() + " " + asked.resource()).isEqualTo("GET packages");

        answer(asked, 200, PackageListTest.GATEWAY_XML);
        assertThat(packagesOf("bus-1")).containsExactly(new InstalledPackage("broken", "2.0.0"),
                new InstalledPackage("meters", "1.2.0"));

        inventory.round();
        assertThat(transport.to("bus-1")).hasSize(1); // the same birth is not asked about again

        born("bus-1", birth.plusSeconds(60)); // a new connection: its packages may have changed
        inventory.round();
        assertThat(transport.to("bus-1")).hasSize(2);
    }

    @Test
    void aHostileOrFailedAnswerChangesNothingAndOtherRepliesAreNotTaken() {
        Instant birth = Instant.parse("2026-11-27T06:00:00Z");
        born("bus-1", birth);
        inventory.round();
        GatewayTransport.Request asked = transport.last("bus-1");
        answer(asked, 200, PackageListTest.GATEWAY_XML);

        born("bus-1", birth.plusSeconds(60));
        inventory.round();
        answer(transport.last("bus-1"), 200, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<packages><package><name>&e;</name></package></packages>");
        born("bus-1", birth.plusSeconds(120));
        inventory.round();
        answer(transport.last("bus-1"), 500, null);

        assertThat(packagesOf("bus-1")).extracting(InstalledPackage::name).containsExactly("broken", "meters");
        assertThat(inventory.onReply(new GatewayTransport.Reply("DEPLOY-V2", "not-ours", 200, null, new byte[0])))
                .isFalse();
    }
}
