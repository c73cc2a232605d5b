package org.edgeway.modbus.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.edgeway.modbus.internal.plan.ReadPlanner;
import org.edgeway.modbus.internal.plan.ReadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {

    private static final ClassLoader BUNDLE = ProfileLoader.class.getClassLoader();

    @TempDir
    Path dir;

    private void write(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
    }

    private static String profile(String id, String points) {
        return "{\"id\": \"" + id + "\", \"defaults\": {\"kind\": \"INPUT\", \"type\": \"FLOAT32\"}, \"points\": ["
                + points + "]}";
    }

    @Test
    void everyShippedProfileLoadsWithoutError() {
        ProfileLoader.LoadResult result = ProfileLoader.load(BUNDLE, null);

        assertThat(result.errors()).isEmpty();
        assertThat(result.profiles()).containsOnlyKeys("eastron-sdm630", "eastron-sdm120", "carlo-gavazzi-em24",
                "janitza-umg96rm-e", "sunspec-meter");
        for (Profile p : result.profiles().values()) {
            assertThat(p.manufacturer()).as(p.id()).isNotEmpty();
            // every point can be planned within the protocol's limit, and energy totals are counters in kWh
            if (!p.sunspec()) {
                List<ReadRequest> plan = ReadPlanner.plan(p.points(), 125, 0);
                assertThat(plan).flatExtracting(ReadRequest::points).hasSameSizeAs(p.points());
            }
            p.points().stream().filter(q -> q.name().startsWith("energy.")).forEach(q -> {
                assertThat(q.counter()).as(p.id() + " " + q.name()).isTrue();
                assertThat(q.unit()).isEqualTo("kWh");
            });
        }
        assertThat(result.profiles().get("sunspec-meter").sunspec()).isTrue();
    }

    @Test
    void shippedRegisterMapsMatchTheDomainNotes() {
        Map<String, Profile> profiles = ProfileLoader.load(BUNDLE, null).profiles();

        Profile sdm630 = profiles.get("eastron-sdm630");
        assertThat(sdm630.points()).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(RegisterKind.INPUT);
            assertThat(p.type()).isEqualTo(DataType.FLOAT32);
            assertThat(p.order()).isEqualTo(ByteOrder.ABCD);
        });
        assertThat(sdm630.point("voltage.l3").orElseThrow().address()).isEqualTo(0x0004);
        assertThat(sdm630.point("power.active.total").orElseThrow().address()).isEqualTo(0x0034);
        assertThat(sdm630.point("frequency").orElseThrow().address()).isEqualTo(0x0046);
        assertThat(sdm630.point("energy.import").orElseThrow().address()).isEqualTo(0x0048);
        assertThat(sdm630.point("energy.total").orElseThrow().address()).isEqualTo(0x0156);

        Profile sdm120 = profiles.get("eastron-sdm120");
        assertThat(sdm120.point("power.factor").orElseThrow().address()).isEqualTo(0x001E);
        assertThat(sdm120.point("power.reactive").orElseThrow().unit()).isEqualTo("var");

        Profile em24 = profiles.get("carlo-gavazzi-em24");
        Point imported = em24.point("energy.import").orElseThrow();
        assertThat(imported.address()).isEqualTo(0x42);
        assertThat(imported.type()).isEqualTo(DataType.INT32);
        assertThat(imported.order()).isEqualTo(ByteOrder.CDAB);
        assertThat(imported.scale()).isEqualTo(0.1);
        assertThat(em24.point("current.l1").orElseThrow().scale()).isEqualTo(0.001);
        Point modelId = em24.point("model.id").orElseThrow();
        assertThat(modelId.kind()).isEqualTo(RegisterKind.HOLDING);
        assertThat(modelId.address()).isEqualTo(0x0B);
        // EM24 import energy 1234567.8 kWh sent low word first
        int raw = 12345678;
        assertThat(ValueDecoder.decode(imported, 0x42, new int[] {raw & 0xFFFF, raw >>> 16}))
                .isEqualTo(Decoded.of(1234567.8));

        Profile janitza = profiles.get("janitza-umg96rm-e");
        assertThat(janitza.points()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(RegisterKind.HOLDING));
        assertThat(janitza.point("power.active.total").orElseThrow().address()).isEqualTo(19026);
        assertThat(janitza.point("energy.import").orElseThrow().address()).isEqualTo(19068);
    }

    @Test
    void badFilesAreRefusedNamingFileAndEntryWhileGoodOnesLoad() throws IOException {
        write("a-good.json", profile("good", "{\"name\": \"v\", \"address\": 0, \"unit\": \"V\"}"));
        write("unknown-type.json", profile("t1", "{\"name\": \"v\", \"address\": 0},"
                + "{\"name\": \"w\", \"address\": 2, \"type\": \"FLOT32\"}"));
        write("overlap.json", profile("t2", "{\"name\": \"a\", \"address\": 0}, {\"name\": \"b\", \"address\": 1}"));
        write("bad-bit.json", profile("t3", "{\"name\": \"alarm\", \"address\": 4, \"type\": \"BITS\", \"bit\": 16}"));
        write("duplicate.json", profile("t4", "{\"name\": \"v\", \"address\": 0}, {\"name\": \"v\", \"address\": 2}"));
        write("unknown-sf.json", profile("t5", "{\"name\": \"w\", \"address\": 0, \"type\": \"INT16\","
                + " \"scaleFactor\": \"nope\"}"));
        write("malformed.json", "{\"id\": \"t6\", \"points\": [");
        write("unknown-key.json", profile("t7", "{\"name\": \"v\", \"address\": 0, \"scalefactor\": \"x\"}"));
        write("no-address.json", profile("t8", "{\"name\": \"v\"}"));
        write("far.json", profile("t9", "{\"name\": \"v\", \"address\": 70000}"));
        write("string.json", profile("t10", "{\"name\": \"serial\", \"address\": 0, \"type\": \"STRING\"}"));
        write("infinite.json", profile("t11", "{\"name\": \"v\", \"address\": 0, \"scale\": 1e400}"));
        write("kind.json", "{\"id\": \"t12\", \"points\": [{\"name\": \"v\", \"address\": 0, \"type\": \"INT16\"}]}");
        write("notes.txt", "not a profile, not read");

        ProfileLoader.LoadResult result = ProfileLoader.load(BUNDLE, dir);

        assertThat(result.profiles()).containsKey("good").containsKey("eastron-sdm630")
                .doesNotContainKeys("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12");
        assertThat(result.errors()).hasSize(12);
        assertThat(error(result, "unknown-type.json")).contains("point 1 'w'").contains("unknown type 'FLOT32'");
        assertThat(error(result, "overlap.json")).contains("point 1 'b'").contains("overlaps point 0 'a'");
        assertThat(error(result, "bad-bit.json")).contains("point 0 'alarm'").contains("bit 16");
        assertThat(error(result, "duplicate.json")).contains("point 1 'v': duplicate name, also point 0");
        assertThat(error(result, "unknown-sf.json")).contains("point 0 'w'").contains("scaleFactor 'nope'");
        assertThat(error(result, "malformed.json")).contains("malformed JSON");
        assertThat(error(result, "unknown-key.json")).contains("point 0 'v'").contains("unknown key 'scalefactor'");
        assertThat(error(result, "no-address.json")).contains("point 0 'v': address missing");
        assertThat(error(result, "far.json")).contains("point 0 'v': address 70000 outside 0..65535");
        assertThat(error(result, "string.json")).contains("point 0 'serial'").contains("STRING needs its length");
        assertThat(error(result, "infinite.json")).contains("point 0 'v'").contains("scale Infinity");
        assertThat(error(result, "kind.json")).contains("point 0 'v': kind missing");
    }

    private static String error(ProfileLoader.LoadResult result, String file) {
        List<String> matching = result.errors().stream().filter(e -> e.source().endsWith(file))
                .map(ProfileLoader.LoadError::toString).toList();
        assertThat(matching).as("errors for " + file).hasSize(1);
        assertThat(matching.get(0)).startsWith(result.errors().stream().filter(e -> e.source().endsWith(file))
                .findFirst().orElseThrow().source() + ": ");
        return matching.get(0);
    }

    @Test
    void aUserProfileOverridesTheShippedOneWithTheSameId() throws IOException {
        write("my-sdm630.json", "{\"id\": \"eastron-sdm630\", \"manufacturer\": \"Eastron\", \"model\": \"SDM630 v2\","
                + "\"points\": [{\"name\": \"energy.import\", \"kind\": \"input\", \"type\": \"float32\","
                + " \"address\": \"0x48\", \"unit\": \"kWh\", \"counter\": true, \"_comment\": \"only energy\"}]}");

        ProfileLoader.LoadResult result = ProfileLoader.load(BUNDLE, dir);

        assertThat(result.errors()).isEmpty();
        Profile sdm630 = result.profiles().get("eastron-sdm630");
        assertThat(sdm630.model()).isEqualTo("SDM630 v2");
        assertThat(sdm630.points()).extracting(Point::name).containsExactly("energy.import");
        assertThat(result.profiles()).containsKey("eastron-sdm120");
    }

    @Test
    void twoUserFilesWithOneIdKeepTheFirstByName() throws IOException {
        write("a.json", profile("mine", "{\"name\": \"first\", \"address\": 0}"));
        write("b.json", profile("mine", "{\"name\": \"second\", \"address\": 0}"));

        ProfileLoader.LoadResult result = ProfileLoader.load(BUNDLE, dir);

        assertThat(result.profiles().get("mine").points()).extracting(Point::name).containsExactly("first");
        assertThat(result.errors()).singleElement().asString().contains("b.json").contains("id 'mine'")
                .contains("a.json");
    }

    @Test
    void aMissingUserDirectoryIsNoError() {
        ProfileLoader.LoadResult result = ProfileLoader.load(BUNDLE, dir.resolve("absent"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.profiles()).hasSize(5);
    }

    @Test
    void shippedIndexProblemsAreErrorsButListedGoodFilesLoad() throws IOException {
        Path root = dir.resolve("bundle");
        Files.createDirectories(root.resolve("profiles"));
        Files.writeString(root.resolve("profiles/index.txt"), "# test\nok.json\n\nmissing.json\nbad.json # note\n"
                + "../escape.json\n");
        Files.writeString(root.resolve("profiles/ok.json"), profile("ok", "{\"name\": \"v\", \"address\": 0}"));
        Files.writeString(root.resolve("profiles/bad.json"), "[]");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            ProfileLoader.LoadResult result = ProfileLoader.load(loader, null);

            assertThat(result.profiles()).containsOnlyKeys("ok");
            assertThat(result.errors()).extracting(Object::toString).satisfiesExactlyInAnyOrder(
                    e -> assertThat(e).contains("missing.json").contains("missing"),
                    e -> assertThat(e).contains("bad.json").contains("not a JSON object"),
                    e -> assertThat(e).contains("../escape.json").contains("not a file name"));
        }
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(ProfileLoader.load(empty, null).errors()).singleElement().asString()
                    .contains("index.txt").contains("not found");
        }
    }

    @Test
    void parseAcceptsHexAddressesAndCaseInsensitiveNamesButOnlyStrictJson() throws ProfileException {
        Profile p = ProfileLoader.parse("x.json", "{\"id\": \"x\", \"points\": [{\"name\": \"s\", \"kind\": \"Holding\","
                + " \"type\": \"string\", \"length\": 8, \"order\": \"badc\", \"address\": \"0x9C40\"}]}");
        Point s = p.points().get(0);
        assertThat(s.address()).isEqualTo(40000);
        assertThat(s.registers()).isEqualTo(8);
        assertThat(s.order()).isEqualTo(ByteOrder.BADC);

        assertThatThrownBy(() -> ProfileLoader.parse("lenient.json", "{id: 'x', points: []}"))
                .isInstanceOf(ProfileException.class).hasMessageStartingWith("lenient.json: malformed JSON");
        assertThatThrownBy(() -> ProfileLoader.parse("two.json", "{\"id\": \"x\", \"sunspec\": true} {}"))
                .hasMessageStartingWith("two.json: malformed JSON");
        assertThatThrownBy(() -> ProfileLoader.parse("addr.json", profile("x", "{\"name\": \"v\", \"address\": 1.5}")))
                .hasMessageContaining("point 0 'v'").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ProfileLoader.parse("empty.json", "")).hasMessageStartingWith("empty.json: ");
    }

    @Test
    void nonUtf8AndHugeFilesAreRefused() throws IOException {
        Files.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});
        assertThatThrownBy(() -> ProfileLoader.read(dir.resolve("latin1.json"))).hasMessageContaining("not UTF-8");
        Files.write(dir.resolve("huge.json"), new byte[ProfileLoader.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> ProfileLoader.read(dir.resolve("huge.json"))).hasMessageContaining("larger than");
    }
}
