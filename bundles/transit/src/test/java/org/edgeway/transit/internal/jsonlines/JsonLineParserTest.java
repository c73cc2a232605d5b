package org.edgeway.transit.internal.jsonlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLineParserTest {

    static final Instant RECEIVED = Instant.parse("2026-11-26T12:30:00Z");

    private static DoorReport accepted(String line) {
        JsonLineParser.Result result = JsonLineParser.parse(line, "s1", RECEIVED);
        assertThat(result).isInstanceOf(JsonLineParser.Accepted.class);
        return ((JsonLineParser.Accepted) result).report();
    }

    private static String rejected(String line) {
        JsonLineParser.Result result = JsonLineParser.parse(line, "s1", RECEIVED);
        assertThat(result).isInstanceOf(JsonLineParser.Rejected.class);
        return ((JsonLineParser.Rejected) result).reason();
    }

    @Test
    void theProtocolExamples() {
        assertThat(accepted("{\"time\":\"2026-11-26T12:00:00Z\",\"door\":\"1\",\"state\":\"open\"}"))
                .isEqualTo(new DoorReport("s1", "1", Instant.parse("2026-11-26T12:00:00Z"), DoorState.OPEN,
                        List.of()));
        assertThat(accepted("{\"time\":\"2026-11-26T12:00:03Z\",\"door\":\"1\",\"counts\":[{\"class\":\"Adult\","
                + "\"in\":12,\"out\":3}]}"))
                .isEqualTo(new DoorReport("s1", "1", Instant.parse("2026-11-26T12:00:03Z"), null,
                        List.of(new ClassCount(ObjectClass.ADULT, 12, 3, CountQuality.REGULAR))));
        assertThat(accepted("{\"time\":\"2026-11-26T12:00:06Z\",\"door\":\"1\",\"state\":\"closed\",\"counts\":"
                + "[{\"class\":\"Adult\",\"in\":14,\"out\":3}]}"))
                .isEqualTo(new DoorReport("s1", "1", Instant.parse("2026-11-26T12:00:06Z"), DoorState.CLOSED,
                        List.of(new ClassCount(ObjectClass.ADULT, 14, 3, CountQuality.REGULAR))));
    }

    @Test
    void optionalFieldsAndVariants() {
        DoorReport report = accepted("{\"door\":2,\"state\":\"CLOSED\",\"counts\":[{\"class\":\"WheelChair\",\"in\":1,"
                + "\"out\":0,\"quality\":\"Sabotage\"},{\"class\":\"pram\",\"in\":2.0,\"out\":1e0}],\"extra\":{\"x\":1}}");
        assertThat(report).isEqualTo(new DoorReport("s1", "2", RECEIVED, DoorState.CLOSED, List.of(
                new ClassCount(ObjectClass.WHEELCHAIR, 1, 0, CountQuality.SABOTAGE),
                new ClassCount(ObjectClass.PRAM, 2, 1, CountQuality.REGULAR))));
        assertThat(accepted("{\"door\":\" front \",\"time\":null,\"state\":\"open\",\"counts\":null}"))
                .isEqualTo(new DoorReport("s1", "front", RECEIVED, DoorState.OPEN, List.of()));
        assertThat(accepted("{\"door\":\"1\",\"time\":\"2026-11-26T13:00:00+01:00\",\"state\":\"open\"}").time())
                .isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"state\":\"open\"}                                        | door: missing",
        "{\"door\":\"\",\"state\":\"open\"}                          | door: empty",
        "{\"door\":true,\"state\":\"open\"}                          | door: must be a string or a number, was true",
        "{\"door\":1.5,\"state\":\"open\"}                           | door: 1.5 is not a non-negative integer",
        "{\"door\":-1,\"state\":\"open\"}                            | door: -1 is not a non-negative integer",
        "{\"door\":[1],\"state\":\"open\"}                           | door: must be a string or a number, was [1]",
        "{\"door\":\"1\",\"time\":\"noon\",\"state\":\"open\"}       | time: 'noon' is not an ISO 8601 instant (e.g. 2026-11-26T12:00:00Z)",
        "{\"door\":\"1\",\"time\":1700000000,\"state\":\"open\"}     | time: must be an ISO 8601 string, was 1700000000",
        "{\"door\":\"1\",\"state\":\"ajar\"}                         | state: 'ajar' is neither open nor closed",
        "{\"door\":\"1\",\"state\":1}                                | state: must be \"open\" or \"closed\", was 1",
        "{\"door\":\"1\"}                                            | neither state nor counts",
        "{\"door\":\"1\",\"counts\":[]}                              | neither state nor counts",
        "{\"door\":\"1\",\"counts\":{}}                              | counts: must be an array, was {}",
        "{\"door\":\"1\",\"counts\":[1]}                             | counts[0]: must be an object, was 1",
        "{\"door\":\"1\",\"counts\":[{\"in\":1,\"out\":1}]}          | counts[0].class: missing",
        "{\"door\":\"1\",\"counts\":[{\"class\":7,\"in\":1,\"out\":1}]} | counts[0].class: must be a string, was 7",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Cat\",\"in\":1,\"out\":1}]} | counts[0].class: unknown object class 'Cat' (expected one of Adult, Child, Bike, WheelChair, Pram, Unidentified, Other)",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"out\":1}]} | counts[0].in: missing",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":-2,\"out\":1}]} | counts[0].in: -2 is negative (counters count up from the sensor's count start)",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":\"3\",\"out\":1}]} | counts[0].in: must be a number, was \"3\"",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":1.5,\"out\":1}]} | counts[0].in: 1.5 is not an integer",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":1,\"out\":1e30}]} | counts[0].out: 1e30 is too large",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":1,\"out\":1e999999999}]} | counts[0].out: 1e999999999 is too large",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":1,\"out\":2,\"quality\":\"Meh\"}]} | counts[0].quality: unknown count quality 'Meh' (expected one of Regular, Defect, Sabotage, Other)",
        "{\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":1,\"out\":2},{\"class\":\"adult\",\"in\":1,\"out\":2}]} | counts[1].class: Adult appears twice",
        "{\"door\":\"1\",\"state\":\"open\"} trailing               | not valid JSON (near column 30)",
        "{door:\"1\",\"state\":\"open\"}                             | not valid JSON (near column 3)",
        "[{\"door\":\"1\",\"state\":\"open\"}]                       | not a JSON object",
        "\"just a string\"                                           | not a JSON object",
    })
    void rejectionsNameTheField(String line, String reason) {
        assertThat(rejected(line.strip())).isEqualTo(reason);
    }
}
