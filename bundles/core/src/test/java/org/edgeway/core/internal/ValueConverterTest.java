package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.edgeway.core.internal.OsgiFakes.attribute;
import static org.osgi.service.metatype.AttributeDefinition.BOOLEAN;
import static org.osgi.service.metatype.AttributeDefinition.BYTE;
import static org.osgi.service.metatype.AttributeDefinition.CHARACTER;
import static org.osgi.service.metatype.AttributeDefinition.DOUBLE;
import static org.osgi.service.metatype.AttributeDefinition.FLOAT;
import static org.osgi.service.metatype.AttributeDefinition.INTEGER;
import static org.osgi.service.metatype.AttributeDefinition.LONG;
import static org.osgi.service.metatype.AttributeDefinition.PASSWORD;
import static org.osgi.service.metatype.AttributeDefinition.SHORT;
import static org.osgi.service.metatype.AttributeDefinition.STRING;

import java.util.stream.Stream;

import org.edgeway.core.internal.OsgiFakes.FakeAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueConverterTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(STRING, "  broker.local ", "broker.local"),
                Arguments.of(STRING, "", ""),
                Arguments.of(STRING, "a,b", "a,b"),
                Arguments.of(PASSWORD, " s3cr=t ", "s3cr=t"),
                Arguments.of(LONG, "9223372036854775807", Long.MAX_VALUE),
                Arguments.of(LONG, "-42", -42L),
                Arguments.of(INTEGER, " 1883 ", 1883),
                Arguments.of(INTEGER, "-2147483648", Integer.MIN_VALUE),
                Arguments.of(SHORT, "-32768", Short.MIN_VALUE),
                Arguments.of(SHORT, "32767", Short.MAX_VALUE),
                Arguments.of(BYTE, "127", (byte) 127),
                Arguments.of(BYTE, "-128", (byte) -128),
                Arguments.of(DOUBLE, "2.5", 2.5d),
                Arguments.of(DOUBLE, "-1e3", -1000d),
                Arguments.of(FLOAT, "0.25", 0.25f),
                Arguments.of(FLOAT, "-3", -3f),
                Arguments.of(BOOLEAN, "true", Boolean.TRUE),
                Arguments.of(BOOLEAN, "FALSE", Boolean.FALSE),
                Arguments.of(BOOLEAN, " True ", Boolean.TRUE),
                Arguments.of(CHARACTER, "x", 'x'),
                Arguments.of(CHARACTER, " ; ", ';'));
    }

    @ParameterizedTest(name = "type {0}: ''{1}''")
    @MethodSource("accepted")
    void convertsToTheDeclaredJavaType(int type, String text, Object expected) {
        Object value = ValueConverter.convert(attribute("some.key", type), text);

        assertThat(value).isEqualTo(expected).isExactlyInstanceOf(expected.getClass());
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(LONG, "9223372036854775808", "an integer (64 bit)"),
                Arguments.of(LONG, "12abc", "an integer (64 bit)"),
                Arguments.of(LONG, "", "an integer (64 bit)"),
                Arguments.of(INTEGER, "2147483648", "an integer (32 bit)"),
                Arguments.of(INTEGER, "4.2", "an integer (32 bit)"),
                Arguments.of(INTEGER, "0x10", "an integer (32 bit)"),
                Arguments.of(SHORT, "32768", "an integer (16 bit)"),
                Arguments.of(SHORT, "one", "an integer (16 bit)"),
                Arguments.of(BYTE, "128", "an integer (8 bit)"),
                Arguments.of(BYTE, "-129", "an integer (8 bit)"),
                Arguments.of(DOUBLE, "abc", "a finite number"),
                Arguments.of(DOUBLE, "", "a finite number"),
                Arguments.of(DOUBLE, "NaN", "a finite number"),
                Arguments.of(DOUBLE, "Infinity", "a finite number"),
                Arguments.of(DOUBLE, "-Infinity", "a finite number"),
                Arguments.of(DOUBLE, "1e400", "a finite number"),
                Arguments.of(FLOAT, "NaN", "a finite number"),
                Arguments.of(FLOAT, "1,5", "a finite number"),
                Arguments.of(BOOLEAN, "yes", "true or false"),
                Arguments.of(BOOLEAN, "1", "true or false"),
                Arguments.of(BOOLEAN, "", "true or false"),
                Arguments.of(CHARACTER, "xy", "a single character"),
                Arguments.of(CHARACTER, "", "a single character"));
    }

    @ParameterizedTest(name = "type {0}: ''{1}''")
    @MethodSource("rejected")
    void rejectsTextThatIsNotOfTheDeclaredType(int type, String text, String expectation) {
        assertThatThrownBy(() -> ValueConverter.convert(attribute("some.key", type), text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not " + expectation);
    }

    @Test
    void rejectionQuotesTheStrippedText() {
        assertThatThrownBy(() -> ValueConverter.convert(attribute("port", INTEGER), "  80a  "))
                .hasMessage("'80a' is not an integer (32 bit)");
    }

    @Test
    void valueOfSecretKeyNeverAppearsInTheTypeError() {
        assertThatThrownBy(() -> ValueConverter.convert(attribute("auth.token", INTEGER), "hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("*** is not an integer (32 bit)")
                .message().doesNotContain("hunter2");
    }

    @Test
    void passwordValueNeverAppearsInTheOptionsError() {
        FakeAttribute ad = attribute("credentials", PASSWORD).options("alpha", "beta");

        assertThatThrownBy(() -> ValueConverter.convert(ad, "hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one of alpha, beta")
                .message().doesNotContain("hunter2");
    }

    @Test
    void passwordValueNeverAppearsInTheCountError() {
        FakeAttribute ad = attribute("credentials", PASSWORD).cardinality(1);

        assertThatThrownBy(() -> ValueConverter.convert(ad, "hunter2,hunter3"))
                .hasMessage("at most 1 values allowed, got 2")
                .message().doesNotContain("hunter");
    }

    @Test
    void optionValuesAreEnforced() {
        FakeAttribute ad = attribute("protocol", STRING).options("tcp", "ssl", "ws");

        assertThat(ValueConverter.convert(ad, "ssl")).isEqualTo("ssl");
        assertThat(ValueConverter.convert(ad, " ws ")).isEqualTo("ws");
        assertThatThrownBy(() -> ValueConverter.convert(ad, "udp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one of tcp, ssl, ws");
        assertThatThrownBy(() -> ValueConverter.convert(ad, "SSL"))
                .hasMessage("expected one of tcp, ssl, ws");
    }

    @Test
    void optionValuesOfNumbersAreComparedAsText() {
        FakeAttribute ad = attribute("qos", INTEGER).options("0", "1", "2");

        assertThat(ValueConverter.convert(ad, "1")).isEqualTo(1);
        assertThatThrownBy(() -> ValueConverter.convert(ad, "3")).hasMessage("expected one of 0, 1, 2");
        assertThatThrownBy(() -> ValueConverter.convert(ad, "01")).hasMessage("expected one of 0, 1, 2");
    }

    @Test
    void typeErrorIsReportedBeforeOptions() {
        FakeAttribute ad = attribute("qos", INTEGER).options("0", "1", "2");

        assertThatThrownBy(() -> ValueConverter.convert(ad, "x")).hasMessage("'x' is not an integer (32 bit)");
    }

    @Test
    void emptyOptionArrayMeansNoOptions() {
        assertThat(ValueConverter.convert(attribute("host", STRING).options(), "anything")).isEqualTo("anything");
    }

    @Test
    void validationProblemIsSurfaced() {
        FakeAttribute ad = attribute("port", INTEGER)
                .validator(text -> Integer.parseInt(text) > 0 ? "" : "must be greater than 0");

        assertThatThrownBy(() -> ValueConverter.convert(ad, " -5 "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be greater than 0");
        assertThat(ad.validated).containsExactly("-5");
    }

    @Test
    void emptyOrNullValidationResultMeansValid() {
        assertThat(ValueConverter.convert(attribute("port", INTEGER).validator(text -> ""), "80")).isEqualTo(80);
        assertThat(ValueConverter.convert(attribute("port", INTEGER).validator(text -> null), "80")).isEqualTo(80);
    }

    @Test
    void positiveCardinalityYieldsTypedArray() {
        FakeAttribute ad = attribute("ports", INTEGER).cardinality(3);

        Object value = ValueConverter.convert(ad, "1, 2 ,3");

        assertThat(value).isExactlyInstanceOf(Integer[].class);
        assertThat((Integer[]) value).containsExactly(1, 2, 3);
    }

    @Test
    void positiveCardinalityArraysUseTheBoxedTypeOfEveryType() {
        assertThat(ValueConverter.convert(attribute("k", LONG).cardinality(2), "1,2")).isExactlyInstanceOf(Long[].class);
        assertThat(ValueConverter.convert(attribute("k", SHORT).cardinality(2), "1,2")).isExactlyInstanceOf(Short[].class);
        assertThat(ValueConverter.convert(attribute("k", BYTE).cardinality(2), "1,2")).isExactlyInstanceOf(Byte[].class);
        assertThat(ValueConverter.convert(attribute("k", DOUBLE).cardinality(2), "1,2")).isExactlyInstanceOf(Double[].class);
        assertThat((Float[]) ValueConverter.convert(attribute("k", FLOAT).cardinality(2), "1.5,2"))
                .containsExactly(1.5f, 2f);
        assertThat((Boolean[]) ValueConverter.convert(attribute("k", BOOLEAN).cardinality(2), "true,FALSE"))
                .containsExactly(true, false);
        assertThat((Character[]) ValueConverter.convert(attribute("k", CHARACTER).cardinality(2), "a,b"))
                .containsExactly('a', 'b');
        assertThat((String[]) ValueConverter.convert(attribute("k", STRING).cardinality(2), "a, b"))
                .containsExactly("a", "b");
        assertThat((String[]) ValueConverter.convert(attribute("k", PASSWORD).cardinality(2), "a, b"))
                .containsExactly("a", "b");
    }

    @Test
    void positiveCardinalityEnforcesTheMaximumCount() {
        FakeAttribute ad = attribute("ports", INTEGER).cardinality(3);

        assertThatThrownBy(() -> ValueConverter.convert(ad, "1,2,3,4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at most 3 values allowed, got 4");
    }

    @Test
    void blankTextIsAnEmptyArray() {
        Object value = ValueConverter.convert(attribute("ports", INTEGER).cardinality(3), "  ");

        assertThat(value).isExactlyInstanceOf(Integer[].class);
        assertThat((Integer[]) value).isEmpty();
    }

    @Test
    void maxValueCardinalityIsAnUnboundedArray() {
        Object value = ValueConverter.convert(attribute("ports", INTEGER).cardinality(Integer.MAX_VALUE),
                "1,2,3,4,5,6,7,8,9,10");

        assertThat((Integer[]) value).hasSize(10).startsWith(1, 2).endsWith(10);
    }

    @Test
    void everyElementIsConvertedAndChecked() {
        FakeAttribute ad = attribute("ports", INTEGER).cardinality(5).options("1", "2");

        assertThatThrownBy(() -> ValueConverter.convert(ad, "1,x")).hasMessage("'x' is not an integer (32 bit)");
        assertThatThrownBy(() -> ValueConverter.convert(ad, "1,3")).hasMessage("expected one of 1, 2");
        assertThatThrownBy(() -> ValueConverter.convert(ad, "1,,2")).hasMessage("'' is not an integer (32 bit)");
    }

    @Test
    void everyElementIsValidatedOnItsOwn() {
        FakeAttribute ad = attribute("hosts", STRING).cardinality(-5);

        ValueConverter.convert(ad, "a, b,c");

        assertThat(ad.validated).containsExactly("a", "b", "c");
    }

    @Test
    void negativeCardinalityYieldsList() {
        Object value = ValueConverter.convert(attribute("topics", STRING).cardinality(-3), "a/b, c/d");

        assertThat(value).asInstanceOf(LIST).containsExactly("a/b", "c/d");
    }

    @Test
    void negativeCardinalityListHoldsTypedValues() {
        Object value = ValueConverter.convert(attribute("ports", LONG).cardinality(-3), "1,2");

        assertThat(value).asInstanceOf(LIST).containsExactly(1L, 2L);
    }

    @Test
    void negativeCardinalityEnforcesTheMaximumCount() {
        FakeAttribute ad = attribute("topics", STRING).cardinality(-2);

        assertThatThrownBy(() -> ValueConverter.convert(ad, "a,b,c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at most 2 values allowed, got 3");
    }

    @Test
    void blankTextIsAnEmptyList() {
        assertThat(ValueConverter.convert(attribute("topics", STRING).cardinality(-2), "")).asInstanceOf(LIST).isEmpty();
    }

    /** The metatype spec: Integer.MIN_VALUE means "no limit, but use a Collection". */
    @Test
    void minValueCardinalityIsAnUnboundedList() {
        Object value = ValueConverter.convert(attribute("topics", STRING).cardinality(Integer.MIN_VALUE), "a,b,c");

        assertThat(value).asInstanceOf(LIST).containsExactly("a", "b", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e39", "-3.5e38" })
    void floatOutOfRangeIsRejected(String text) {
        assertThatThrownBy(() -> ValueConverter.convert(attribute("ratio", FLOAT), text))
                .hasMessage("'" + text + "' is not a finite number");
    }
}
