package org.edgeway.position.internal.gpsd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.position.internal.source.Backoff;
import org.edgeway.position.internal.source.LineReader;
import org.edgeway.position.internal.source.ReconnectingSource;
import org.edgeway.position.internal.source.SourceListener;
import org.edgeway.position.internal.source.SourceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gpsd client: connects (reconnecting with backoff while gpsd is absent or restarts), expects the VERSION banner,
 * sends {@code ?WATCH={"enable":true,"json":true}} and turns TPV and SKY reports into fixes.
 *
 * <p>gpsd 3.22 does not reopen a network source ({@code tcp://host:port}, e.g. a simulator) that dropped: it closes
 * the device and waits, and it does not always say so (no {@code DEVICE} with {@code "activated":0} when started with
 * {@code -b}, or when the source reset the connection). A new {@code ?WATCH} makes it open its devices again
 * (measured with gpsd 3.22). So when gpsd reports a device closed, or sends no TPV for
 * {@link SourceSettings#silenceTimeout()}, the client repeats the watch with backoff until TPVs flow again. With no
 * receiver at all that is one harmless {@code ?WATCH} every {@code reconnect.maxSeconds}.
 */
public final class GpsdSource extends ReconnectingSource {

    /** gpsd's port. */
    public static final int DEFAULT_PORT = 2947;
    /** The longest report accepted; a SKY with many satellites is a few kilobytes. */
    static final int MAX_LINE = 65_536;
    private static final byte[] WATCH = "?WATCH={\"enable\":true,\"json\":true}\n".getBytes(StandardCharsets.US_ASCII);
    private static final int QUOTE_LENGTH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GpsdSource.class);

    private final String host;
    private final int port;
    private final GpsdFixBuilder builder;
    private final Backoff rewatchBackoff;
    private String lastRelease;
    private long rewatchAt;
    private boolean rewatching;
    private boolean rewatchLogged;
    private long lastTpv;

    /**
     * @param host     gpsd's host, usually 127.0.0.1
     * @param port     gpsd's port, usually {@value #DEFAULT_PORT}
     * @param settings timing
     * @param clock    the gateway clock
     * @param listener where the reports go
     */
    public GpsdSource(String host, int port, SourceSettings settings, Clock clock, SourceListener listener) {
        super("edgeway-position-gpsd", "gpsd:" + host + ":" + port, settings, listener);
        this.host = host;
        this.port = port;
        this.builder = new GpsdFixBuilder(description(), clock);
        this.rewatchBackoff = new Backoff(SourceSettings.INITIAL_RECONNECT_DELAY, settings.reconnectMax());
    }

    @Override
    protected void session() throws IOException {
        Socket socket = attach(new Socket());
        socket.connect(new InetSocketAddress(host, port), settings.connectMillis());
        socket.setSoTimeout(settings.pollMillis());
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        LineReader reader = new LineReader((buffer, offset, length) -> {
            try {
                return in.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                return 0;
            }
        }, MAX_LINE);
        expectBanner(reader);
        builder.reset();
        rewatching = false;
        rewatchBackoff.reset();
        out.write(WATCH);
        out.flush();
        lastTpv = System.nanoTime();
        long silence = settings.silenceTimeout().toNanos();
        while (!isClosed()) {
            LineReader.Line line = reader.readLine();
            if (line != null) {
                handle(line);
            }
            long now = System.nanoTime();
            if (!rewatching && now - lastTpv > silence) {
                startRewatch("gpsd sent no TPV for " + SourceSettings.format(settings.silenceTimeout()), now);
            }
            if (rewatching && now - rewatchAt >= 0) {
                LOG.debug("gpsd {}: repeating ?WATCH so that gpsd reopens its devices", description());
                out.write(WATCH);
                out.flush();
                rewatchAt = now + rewatchBackoff.next().toNanos();
            }
        }
    }

    private void expectBanner(LineReader reader) throws IOException {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        LineReader.Line first;
        while ((first = reader.readLine()) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no VERSION banner within " + SourceSettings.format(settings.connectTimeout())
                        + " (is this gpsd?)");
            }
        }
        GpsdMessage message;
        try {
            message = GpsdParser.parse(first.text());
        } catch (GpsdFormatException e) {
            throw new IOException("not gpsd: first line " + e.getMessage());
        }
        if (!(message instanceof GpsdMessage.Version version)) {
            String kind = message instanceof GpsdMessage.Other other ? other.className()
                    : message.getClass().getSimpleName().toUpperCase(Locale.ROOT);
            throw new IOException("not gpsd: first report is " + kind + ", expected VERSION");
        }
        if (!String.valueOf(version.release()).equals(lastRelease)) {
            lastRelease = String.valueOf(version.release());
            LOG.info("gpsd {}: release {}, protocol {}.{}", description(), version.release(), version.protoMajor(),
                    version.protoMinor());
        }
    }

    private void handle(LineReader.Line line) {
        if (line.tooLong()) {
            listener.rejected("gpsd report longer than " + MAX_LINE + " characters");
            return;
        }
        if (line.text().isBlank()) {
            return;
        }
        GpsdMessage message;
        try {
            message = GpsdParser.parse(line.text());
        } catch (GpsdFormatException e) {
            listener.rejected(e.getMessage() + ": " + quote(line.text()));
            return;
        }
        if (message instanceof GpsdMessage.Tpv tpv) {
            watching();
            reportsFlow();
            Optional<Fix> fix;
            try {
                fix = builder.fix(tpv);
            } catch (IllegalArgumentException e) {
                listener.rejected("TPV " + e.getMessage() + ": " + quote(line.text()));
                return;
            }
            if (fix.isPresent()) {
                listener.fix(fix.get());
            } else {
                listener.ignored("TPV without time");
            }
        } else if (message instanceof GpsdMessage.Sky sky) {
            builder.sky(sky);
        } else if (message instanceof GpsdMessage.Watch) {
            watching();
            listener.ignored("WATCH");
        } else if (message instanceof GpsdMessage.Device device) {
            if (device.deactivated()) {
                deviceDeactivated(device);
            }
            listener.ignored("DEVICE");
        } else if (message instanceof GpsdMessage.Error error) {
            listener.problem("gpsd error: " + error.message());
            LOG.warn("gpsd {}: error report: {}", description(), error.message());
        } else if (message instanceof GpsdMessage.Other other) {
            listener.ignored(other.className());
        } else {
            listener.ignored("VERSION");
        }
    }

    /** gpsd accepted the watch: the session is up. */
    private void watching() {
        sessionUp();
        dataFlowing();
    }

    private void deviceDeactivated(GpsdMessage.Device device) {
        if (!rewatching) {
            // give a restarting source a second before gpsd tries it again
            startRewatch("gpsd closed device " + device.path(),
                    System.nanoTime() + rewatchBackoff.next().toNanos());
        }
    }

    /** Starts repeating {@code ?WATCH}: the first at {@code firstAt}, then with backoff until a TPV arrives. */
    private void startRewatch(String reason, long firstAt) {
        rewatching = true;
        rewatchAt = firstAt;
        listener.problem(reason);
        if (!rewatchLogged) {
            rewatchLogged = true;
            LOG.info("gpsd {}: {}; asking gpsd to reopen its devices (?WATCH), repeated with backoff up to {} s until "
                    + "reports flow", description(), reason, rewatchBackoff.max().toSeconds());
        }
    }

    private void reportsFlow() {
        lastTpv = System.nanoTime();
        if (rewatching) {
            rewatching = false;
            rewatchBackoff.reset();
        }
        if (rewatchLogged) {
            rewatchLogged = false;
            LOG.info("gpsd {}: reports flowing again", description());
        }
    }

    private static String quote(String text) {
        String printable = text.strip().replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= QUOTE_LENGTH ? printable : printable.substring(0, QUOTE_LENGTH) + "...";
    }
}
