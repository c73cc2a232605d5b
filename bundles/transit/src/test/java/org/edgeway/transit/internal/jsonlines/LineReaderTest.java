package org.edgeway.transit.internal.jsonlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Hands out at most 3 bytes per read, so that lines arrive in pieces. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    private static List<String> all(byte[] bytes, int max) throws IOException {
        LineReader reader = new LineReader(trickle(bytes), max);
        List<String> out = new ArrayList<>();
        LineReader.Line line;
        while ((line = reader.next()) != null) {
            out.add(line.problem() != null ? "!" + line.problem() : line.text());
        }
        return out;
    }

    @Test
    void splitsLinesArrivingInPiecesAndDropsCarriageReturns() throws IOException {
        assertThat(all("one\ntwo\r\n\nthree äö\n".getBytes(StandardCharsets.UTF_8), 100))
                .containsExactly("one", "two", "", "three äö");
    }

    @Test
    void aLongLineIsDroppedUpToTheNextNewline() throws IOException {
        String longLine = "x".repeat(25);
        assertThat(all(("a\n" + longLine + "\nb\n").getBytes(StandardCharsets.UTF_8), 10))
                .containsExactly("a", "!line of 25 bytes exceeds 10 bytes: dropped", "b");
        // exactly the limit is fine, with or without \r
        assertThat(all(("0123456789\n0123456789\r\n01234567890\r\n").getBytes(StandardCharsets.UTF_8), 10))
                .containsExactly("0123456789", "0123456789", "!line of 11 bytes exceeds 10 bytes: dropped");
    }

    @Test
    void theLimitOf4096Bytes() throws IOException {
        String prefix = "{\"door\":\"1\",\"state\":\"open\",\"pad\":\"";
        String max = prefix + "p".repeat(4096 - prefix.length() - 2) + "\"}";
        assertThat(max).hasSize(4096);
        assertThat(all((max + "\n" + max + "p\n").getBytes(StandardCharsets.UTF_8), JsonLinesAdapter.MAX_LINE))
                .containsExactly(max, "!line of 4097 bytes exceeds 4096 bytes: dropped");
    }

    @Test
    void badUtf8IsDroppedAndAnUnterminatedLastLineToo() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("ok\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        b.writeBytes("next\npartial".getBytes(StandardCharsets.UTF_8));
        assertThat(all(b.toByteArray(), 100)).containsExactly("ok", "!line is not UTF-8: dropped", "next");
    }
}
