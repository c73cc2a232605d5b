package org.edgeway.fleet.internal.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgeway.api.payload.Payload;

/** A gateway's MQTT connection as our cloud bundle opens it: client id = gateway id, optionally with a last will. */
final class SimulatedGateway implements AutoCloseable {

    private final MqttClient client;
    private final SocketRecorder sockets = new SocketRecorder();
    private int published;

    SimulatedGateway(String brokerUrl, String clientId, Payload lastWill) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        options.setSocketFactory(sockets);
        if (lastWill != null) {
            options.setWill(GatewayPayloads.lifecycleTopic(clientId, "LWT"), GatewayPayloads.encode(lastWill), 0,
                    false);
        }
        client.connect(options);
    }

    /** Publishes as the gateway does: the payload gzipped when that is smaller. */
    void publish(String topic, Payload payload, int qos) throws MqttException {
        publishRaw(topic, GatewayPayloads.CODEC.encodeForWire(payload), qos);
    }

    void publishRaw(String topic, byte[] bytes, int qos) throws MqttException {
        client.publish(topic, bytes, qos, false);
        published++;
    }

    int published() {
        return published;
    }

    /**
     * Closes the TCP connection under the client, as a crash or a lost network would: the broker sees no DISCONNECT
     * and publishes the last will.
     */
    void killConnection() throws IOException {
        for (Socket socket : sockets.created) {
            socket.close();
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // the test is over; a broken connection is no failure of it
        }
    }

    /** Plain sockets, remembered so that the test can close them under the client. */
    private static final class SocketRecorder extends SocketFactory {

        final List<Socket> created = new CopyOnWriteArrayList<>();

        @Override
        public Socket createSocket() {
            Socket socket = new Socket();
            created.add(socket);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = new Socket(host, port);
            created.add(socket);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = new Socket(host, port, localHost, localPort);
            created.add(socket);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = new Socket(host, port);
            created.add(socket);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = new Socket(address, port, localAddress, localPort);
            created.add(socket);
            return socket;
        }
    }
}
