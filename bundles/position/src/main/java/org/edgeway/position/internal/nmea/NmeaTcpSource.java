package org.edgeway.position.internal.nmea;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;

import org.edgeway.position.internal.source.LineReader;
import org.edgeway.position.internal.source.SourceListener;
import org.edgeway.position.internal.source.SourceSettings;

/** NMEA 0183 from a TCP server (a receiver with a network port, an NMEA multiplexer, a simulator). */
public final class NmeaTcpSource extends NmeaSource {

    private final String host;
    private final int port;

    /**
     * @param host     host name or address
     * @param port     TCP port
     * @param settings timing
     * @param clock    the gateway clock
     * @param listener where the reports go
     */
    public NmeaTcpSource(String host, int port, SourceSettings settings, Clock clock, SourceListener listener) {
        super("edgeway-position-nmea-tcp", "nmea-tcp:" + host + ":" + port, settings, clock, listener);
        this.host = host;
        this.port = port;
    }

    @Override
    protected LineReader.ByteSource open() throws IOException {
        Socket socket = attach(new Socket());
        socket.connect(new InetSocketAddress(host, port), settings.connectMillis());
        socket.setSoTimeout(settings.pollMillis());
        socket.setKeepAlive(true);
        InputStream in = socket.getInputStream();
        sessionUp();
        return (buffer, offset, length) -> {
            try {
                return in.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                return 0;
            }
        };
    }
}
