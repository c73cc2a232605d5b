package org.edgeway.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.edgeway.web.common.ApiException;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogBufferTest {

    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void numbersEntriesAndAnswersOnlyWhatIsNewerThanTheLastSeen() {
        LogBuffer buffer = new LogBuffer(10);
        buffer.add(T, LogLevel.INFO, "a", "one");
        buffer.add(T, LogLevel.WARN, "b", "two");

        LogBuffer.Page first = buffer.page(-1, 100, LogLevel.INFO);
        assertThat(first.entries()).extracting(LogBuffer.Line::message).containsExactly("one", "two");
        assertThat(first.next()).isEqualTo(2);

        buffer.add(T, LogLevel.ERROR, "c", "three");
        LogBuffer.Page second = buffer.page(first.next(), 100, LogLevel.INFO);
        assertThat(second.entries()).extracting(LogBuffer.Line::seq).containsExactly(3L);
        assertThat(buffer.page(second.next(), 100, LogLevel.INFO).entries()).isEmpty();
        assertThat(buffer.page(second.next(), 100, LogLevel.INFO).next()).isEqualTo(3);
    }

    @Test
    void filtersByLevelFoldsTraceAndAuditAndKeepsOnlyTheLastEntries() {
        LogBuffer buffer = new LogBuffer(3);
        buffer.add(T, LogLevel.TRACE, "a", "trace");
        buffer.add(T, LogLevel.DEBUG, "a", "debug");
        buffer.add(T, LogLevel.AUDIT, "a", "audit");
        buffer.add(T, LogLevel.WARN, "a", "warn");

        assertThat(buffer.page(-1, 100, LogLevel.DEBUG).entries()).extracting(LogBuffer.Line::message)
                .containsExactly("debug", "audit", "warn"); // the trace entry fell out
        assertThat(buffer.page(-1, 100, LogLevel.WARN).entries()).extracting(LogBuffer.Line::level)
                .containsExactly("ERROR", "WARN");
        assertThat(buffer.page(-1, 1, LogLevel.DEBUG).entries()).extracting(LogBuffer.Line::message)
                .containsExactly("warn");
        assertThat(buffer.page(0, 1, LogLevel.DEBUG).entries()).extracting(LogBuffer.Line::message)
                .containsExactly("debug");
    }

    @Test
    void parsesTheFourLevelsAndRefusesOthers() throws Exception {
        assertThat(LogBuffer.parseLevel(null)).isEqualTo(LogLevel.INFO);
        assertThat(LogBuffer.parseLevel("warn")).isEqualTo(LogLevel.WARN);
        assertThatThrownBy(() -> LogBuffer.parseLevel("TRACE")).isInstanceOf(ApiException.class)
                .hasMessageContaining("ERROR, WARN, INFO or DEBUG");
        assertThatThrownBy(() -> LogBuffer.parseLevel("loud")).isInstanceOf(ApiException.class);
    }
}
