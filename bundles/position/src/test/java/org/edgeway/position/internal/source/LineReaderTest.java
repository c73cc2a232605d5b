package org.edgeway.position.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Serves scripted chunks; an empty chunk is a read timeout, the end of the script the end of the stream. */
    private static final class Script implements LineReader.ByteSource {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private IOException failure;

        Script chunk(String text) {
            chunks.add(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Script timeout() {
            chunks.add(new byte[0]);
            return this;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            byte[] chunk = chunks.removeFirst();
            int n = Math.min(length, chunk.length);
            System.arraycopy(chunk, 0, buffer, offset, n);
            if (n < chunk.length) {
                byte[] rest = new byte[chunk.length - n];
                System.arraycopy(chunk, n, rest, 0, rest.length);
                chunks.addFirst(rest);
            }
            return n;
        }
    }

    @Test
    void splitsOnLfAndDropsCr() throws IOException {
        LineReader reader = new LineReader(new Script().chunk("one\r\ntwo\nthree\r\n\r\n"), 20);
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("one", false));
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("two", false));
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("three", false));
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("", false));
        assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class);
    }

    @Test
    void aTimeoutInTheMiddleOfALineKeepsWhatWasRead() throws IOException {
        LineReader reader = new LineReader(new Script().chunk("$GPGGA,12").timeout().chunk("3519*47\r").timeout()
                .chunk("\n"), 100);
        assertThat(reader.readLine()).isNull();
        assertThat(reader.readLine()).isNull();
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("$GPGGA,123519*47", false));
    }

    @Test
    void aLineOfExactlyTheMaximumWithCrLfIsAccepted() throws IOException {
        LineReader reader = new LineReader(new Script().chunk("12345\r\n12345\n"), 5);
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("12345", false));
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("12345", false));
    }

    @Test
    void longLinesAreReportedAtOnceAndSkipped() throws IOException {
        LineReader reader = new LineReader(new Script().chunk("123456").timeout().chunk("789\r\nok\n12345\rx\n"), 5);
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("12345", true));
        assertThat(reader.readLine()).as("the rest of the long line is skipped").isNull();
        assertThat(reader.readLine()).isEqualTo(new LineReader.Line("ok", false));
        assertThat(reader.readLine()).as("a CR at the limit not followed by LF").isEqualTo(
                new LineReader.Line("12345", true));
        assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class);
    }

    @Test
    void endlessInputWithoutNewlinesStillProducesResults() throws IOException {
        LineReader reader = new LineReader(new Script().chunk("x".repeat(50_000)), 120);
        int tooLong = 0;
        try {
            while (true) {
                LineReader.Line line = reader.readLine();
                assertThat(line.tooLong()).isTrue();
                tooLong++;
            }
        } catch (EOFException e) {
            // end of script
        }
        // once when the line exceeds 120 bytes, then again for every 4096 bytes skipped
        assertThat(tooLong).isEqualTo(1 + (50_000 - 120) / LineReader.REPORT_AGAIN_AFTER);
    }

    @Test
    void failuresOfTheSourcePropagate() {
        Script script = new Script();
        script.failure = new IOException("port gone");
        LineReader reader = new LineReader(script, 10);
        assertThatThrownBy(reader::readLine).isInstanceOf(IOException.class).hasMessage("port gone");
    }
}
