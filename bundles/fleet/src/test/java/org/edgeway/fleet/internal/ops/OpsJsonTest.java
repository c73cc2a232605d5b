package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.fleet.internal.ops.FleetOperationsTest.assertField;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;

/** The REST API's rollout JSON (fleet-api contract) read into the records, and its refusals by field. */
class OpsJsonTest {

    static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    @Test
    void readsTheThreeOperations() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("interval.ms", 500L);
        properties.put("ratio", 0.5);
        properties.put("name", null);
        properties.put("tags", List.of("a", 2L, true));
        assertThat(OpsJson.operation(json("{\"kind\":\"configure\",\"pid\":\"org.edgeway.demo.simulator\","
                + "\"properties\":{\"interval.ms\":500,\"ratio\":0.5,\"name\":null,\"tags\":[\"a\",2.0,true]}}")))
                .isEqualTo(new Operation.Configure("org.edgeway.demo.simulator", properties));
        assertThat(OpsJson.operation(json("{\"kind\":\"deploy\",\"uri\":\"https://repo/m.zip\",\"name\":\"m\","
                + "\"version\":\"1.0\",\"hash\":\"SHA-256:" + "0".repeat(64) + "\"}")))
                .isEqualTo(new Operation.Deploy("https://repo/m.zip", "m", "1.0", "SHA-256:" + "0".repeat(64)));
        assertThat(OpsJson.operation(json("{\"kind\":\"rollback\",\"snapshot\":1700000000000}")))
                .isEqualTo(new Operation.Rollback(1700000000000L));
        assertThat(OpsJson.operation(json("{\"kind\":\"rollback\"}"))).isEqualTo(new Operation.Rollback(null));
    }

    @Test
    void readsTargetsPlanAndGroupMembers() {
        assertThat(OpsJson.targets(json("{\"group\":\"north\",\"clients\":[\"gw-1\",\"gw-2\"]}")))
                .isEqualTo(new Targets("north", List.of("gw-1", "gw-2")));
        assertThat(OpsJson.plan(json("{\"canary\":2,\"batchSize\":10,\"maxFailures\":1}")))
                .isEqualTo(new Plan(2, null, 10, 1));
        assertThat(OpsJson.plan(json("{\"canaryClients\":[\"gw-1\"]}"))).isEqualTo(new Plan(null, List.of("gw-1"),
                null, null));
        assertThat(OpsJson.plan(null)).isEqualTo(Plan.defaults());
        assertThat(OpsJson.plan(JsonNull.INSTANCE)).isEqualTo(Plan.defaults());
        assertThat(OpsJson.groupClients(json("{\"clients\":[]}"))).isEmpty();
    }

    @Test
    void refusesByField() {
        assertField(() -> OpsJson.operation(null), "operation", "is missing");
        assertField(() -> OpsJson.operation(json("[]")), "operation", "must be an object");
        assertField(() -> OpsJson.operation(json("{}")), "operation.kind", "is missing");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"reboot\"}")), "operation.kind", "'reboot' is none of");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"configure\",\"pid\":\"p\"}")), "operation.properties",
                "is missing");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"configure\",\"pid\":5,\"properties\":{\"a\":1}}")),
                "operation.pid", "must be a string");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"configure\",\"pid\":\"p\",\"properties\":"
                + "{\"a\":{\"b\":1}}}")), "operation.properties.a", "must be text");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"configure\",\"pid\":\"p\",\"properties\":"
                + "{\"a\":[[1]]}}")), "operation.properties.a", "a list may only hold");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"deploy\",\"uri\":\"https://r/m.zip\",\"name\":\"m\"}")),
                "operation.version", "is missing");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"rollback\",\"snapshot\":1.5}")), "operation.snapshot",
                "whole number");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"rollback\",\"snapshot\":\"7\"}")),
                "operation.snapshot", "whole number");
        assertField(() -> OpsJson.operation(json("{\"kind\":\"rollback\",\"snapshot\":0}")), "operation.snapshot",
                "between 1 and");
        assertField(() -> OpsJson.targets(json("{\"clients\":\"gw-1\"}")), "targets.clients", "must be a list");
        assertField(() -> OpsJson.targets(json("{\"clients\":[1]}")), "targets.clients", "strings");
        assertField(() -> OpsJson.targets(json("{}")), "targets", "no gateway given");
        assertField(() -> OpsJson.plan(json("{\"batchSize\":1e12}")), "plan.batchSize", "between");
        assertField(() -> OpsJson.plan(json("{\"batchSize\":\"ten\"}")), "plan.batchSize", "whole number");
        assertField(() -> OpsJson.plan(json("{\"maxFailures\":-1}")), "plan.maxFailures", "between 0 and");
        assertField(() -> OpsJson.groupClients(json("{}")), "clients", "is missing");
        String many = "[" + String.join(",", Arrays.stream(new String[10_001]).map(x -> "\"g\"").toList()) + "]";
        assertField(() -> OpsJson.targets(json("{\"clients\":" + many + "}")), "targets.clients", "more than 10000");
    }
}
