package org.edgeway.demo.internal;

import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Properties;

import org.edgeway.codec.KuraPayloadCodec;
import org.edgeway.codec.PayloadFormatException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;

/** Runs Moquette in the gateway so the demo needs no broker installed; a port in use fails activation clearly. */
@Component(configurationPid = EmbeddedBroker.PID, service = {})
@Designate(ocd = BrokerConfig.class)
public class EmbeddedBroker {

    static final String PID = "org.edgeway.demo.broker";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Server server = new Server();

    @Activate
    public EmbeddedBroker(BrokerConfig config) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("host", config.host());
        properties.setProperty("port", String.valueOf(config.port()));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("telemetry_enabled", "false");
        List<MessagePrinter> interceptors = config.print_messages() ? List.of(new MessagePrinter()) : List.of();
        try {
            server.startServer(new MemoryConfig(properties), interceptors);
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            if (rootCause(e) instanceof BindException) {
                throw new IOException("demo MQTT broker cannot listen on " + config.host() + ":" + config.port()
                        + ": port in use (set org.edgeway.demo.broker:port)", e);
            }
            throw e;
        }
        LOG.info("demo MQTT broker listening on {}:{}", config.host(), config.port());
    }

    @Deactivate
    void deactivate() {
        server.stopServer();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Prints what reaches the broker, decoded with the Kura codec, so the demo shows data end to end. */
    private static final class MessagePrinter extends AbstractInterceptHandler {
        private final KuraPayloadCodec codec = new KuraPayloadCodec();

        @Override
        public String getID() {
            return "edgeway-demo-printer";
        }

        @Override
        public void onPublish(InterceptPublishMessage message) {
            try {
                ByteBuf buffer = message.getPayload();
                byte[] bytes = new byte[buffer.readableBytes()];
                buffer.getBytes(buffer.readerIndex(), bytes);
                String shown;
                try {
                    shown = codec.decode(bytes).metrics().values().toString();
                } catch (PayloadFormatException e) {
                    shown = bytes.length + " bytes, not a Kura payload";
                }
                LOG.info("broker received {}: {}", message.getTopicName(), shown);
            } finally {
                // Moquette hands every interceptor its own reference to the payload; the base class releases it
                super.onPublish(message);
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            LOG.warn("demo MQTT broker session error: {}", error.toString());
        }
    }
}
