package org.edgeway.distrib;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Paho helpers for the demo's tests that play the cloud side. */
final class MqttTestClients {

    private MqttTestClients() {
    }

    /** Disconnects and closes a test client whatever state it is in; null is ignored. */
    static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
