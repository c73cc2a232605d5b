package org.edgeway.modbus.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What {@link Point} and {@link Profile} refuse, so that a bad profile never reaches a meter. */
class ProfileValidationTest {

    private static Point p(String name, int address, DataType type) {
        return Point.of(name, RegisterKind.INPUT, address, type);
    }

    private static Profile profile(Point... points) {
        return new Profile("test", "", "", "", List.of(points), false);
    }

    @Test
    void pointsDeriveTheirLengthFromTheType() {
        assertThat(p("a", 0, DataType.INT16).registers()).isEqualTo(1);
        assertThat(p("a", 0, DataType.FLOAT32).end()).isEqualTo(2);
        assertThat(p("a", 10, DataType.UINT64).end()).isEqualTo(14);
        assertThat(Point.ofString("a", RegisterKind.INPUT, 0, 8).end()).isEqualTo(8);
    }

    @Test
    void pointsRefuseWhatCannotBeRead() {
        assertThatThrownBy(() -> p("a", -1, DataType.INT16)).hasMessageContaining("address -1 outside 0..65535");
        assertThatThrownBy(() -> p("a", 65535, DataType.INT32)).hasMessageContaining("run past 65535");
        assertThat(p("a", 65535, DataType.UINT16).end()).isEqualTo(65536);
        assertThatThrownBy(() -> p("a", 0, DataType.STRING)).hasMessageContaining("STRING needs its length");
        assertThatThrownBy(() -> Point.ofString("a", RegisterKind.INPUT, 0, 126)).hasMessageContaining("126");
        assertThatThrownBy(() -> p("a", 0, DataType.INT32).withRegisters(4)).hasMessageContaining("INT32 occupies 2");
        assertThatThrownBy(() -> p("a", 0, DataType.BITS)).hasMessageContaining("bit missing");
        assertThatThrownBy(() -> Point.ofBit("a", RegisterKind.INPUT, 0, 16)).hasMessageContaining("bit 16");
        assertThatThrownBy(() -> p("a", 0, DataType.INT16).withBit(3)).hasMessageContaining("only applies to type BITS");
        assertThatThrownBy(() -> Point.of("a", RegisterKind.COIL, 0, DataType.UINT16))
                .hasMessageContaining("type must be BITS");
        assertThatThrownBy(() -> p("a", 0, DataType.FLOAT32).withScale(Double.NaN, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> p("a", 0, DataType.FLOAT32).withScale(Double.POSITIVE_INFINITY, 0))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> p("a", 0, DataType.FLOAT32).withScale(0, 0)).hasMessageContaining("other than 0");
        assertThatThrownBy(() -> p("a", 0, DataType.FLOAT32).withScale(1, Double.NaN)).hasMessageContaining("offset");
        assertThatThrownBy(() -> Point.ofString("a", RegisterKind.INPUT, 0, 2).withScale(2, 0))
                .hasMessageContaining("only apply to numbers");
        assertThatThrownBy(() -> p("a", 0, DataType.INT16).withScaleFactor("a")).hasMessageContaining("another");
        assertThatThrownBy(() -> p("bad name", 0, DataType.INT16)).hasMessageContaining("name 'bad name'");
        assertThatThrownBy(() -> p(null, 0, DataType.INT16)).hasMessageContaining("name missing");
    }

    @Test
    void profilesRefuseDuplicateNames() {
        assertThatThrownBy(() -> profile(p("a", 0, DataType.INT16), p("b", 1, DataType.INT16),
                p("a", 2, DataType.INT16))).hasMessage("point 2 'a': duplicate name, also point 0");
    }

    @Test
    void profilesRefuseOverlappingRegistersOfOneTable() {
        assertThatThrownBy(() -> profile(p("a", 0, DataType.FLOAT32), p("b", 1, DataType.FLOAT32)))
                .hasMessage("point 1 'b': INPUT registers 1..2 overlaps point 0 'a' at registers 0..1");
        // a long point hiding a short one further on
        assertThatThrownBy(() -> profile(Point.ofString("s", RegisterKind.INPUT, 0, 10), p("x", 4, DataType.INT16),
                p("y", 12, DataType.INT16))).hasMessageContaining("point 1 'x'").hasMessageContaining("point 0 's'");
        // the same addresses in different tables do not overlap
        assertThat(profile(p("a", 0, DataType.FLOAT32),
                Point.of("b", RegisterKind.HOLDING, 0, DataType.FLOAT32)).points()).hasSize(2);
    }

    @Test
    void differentBitsMayShareARegisterButNotTheSameBit() {
        Point bit0 = Point.ofBit("b0", RegisterKind.INPUT, 5, 0);
        Point bit1 = Point.ofBit("b1", RegisterKind.INPUT, 5, 1);
        assertThat(profile(bit0, bit1, Point.ofBit("b2", RegisterKind.INPUT, 5, 2), p("next", 6, DataType.INT16))
                .points()).hasSize(4);
        assertThatThrownBy(() -> profile(bit0, bit1, Point.ofBit("again", RegisterKind.INPUT, 5, 0)))
                .hasMessageContaining("point 2 'again'").hasMessageContaining("bit 0");
        // a repeated higher bit only meets its twin, not the first point of the register
        assertThatThrownBy(() -> profile(bit0, bit1, Point.ofBit("twin", RegisterKind.INPUT, 5, 1)))
                .hasMessage("point 2 'twin': INPUT register 5 bit 1 overlaps point 1 'b1' at register 5 bit 1");
        assertThatThrownBy(() -> profile(bit0, p("word", 5, DataType.UINT16))).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> profile(Point.of("c1", RegisterKind.COIL, 3, DataType.BITS),
                Point.of("c2", RegisterKind.COIL, 3, DataType.BITS))).hasMessageContaining("overlaps");
    }

    @Test
    void scaleFactorsMustNameAnIntegerPointWithoutOneOfItsOwn() {
        Point value = p("w", 0, DataType.INT16).withScaleFactor("w.sf");
        assertThat(profile(value, p("w.sf", 1, DataType.INT16)).scaleFactorNames()).containsExactly("w.sf");
        assertThatThrownBy(() -> profile(value, p("x", 1, DataType.INT16)))
                .hasMessage("point 0 'w': scaleFactor 'w.sf' names no point of this profile");
        assertThatThrownBy(() -> profile(value, p("w.sf", 1, DataType.FLOAT32)))
                .hasMessageContaining("must be an integer point");
    }

    @Test
    void profilesNeedAnIdAndPointsUnlessSunSpec() {
        assertThatThrownBy(() -> new Profile("Upper", "", "", "", List.of(p("a", 0, DataType.INT16)), false))
                .hasMessageContaining("id 'Upper'");
        assertThatThrownBy(() -> new Profile("x", "", "", "", List.of(), false)).hasMessage("no points");
        assertThatThrownBy(() -> new Profile("x", "", "", "", List.of(p("a", 0, DataType.INT16)), true))
                .hasMessageContaining("discovered");
        assertThat(new Profile("x", null, null, null, null, true).points()).isEmpty();
    }
}
