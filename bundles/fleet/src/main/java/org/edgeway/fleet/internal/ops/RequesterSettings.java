package org.edgeway.fleet.internal.ops;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

/**
 * How the console's requester reaches the gateways.
 *
 * @param brokerUrl {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}
 * @param account   the Kura account of the gateways
 * @param clientId  the requester's MQTT client id, to which gateways reply; null: {@code edgeway-console-} and a
 *                  random suffix. Give each console instance a stable one of its own: it also marks the rollouts
 *                  the instance drives, so that a restarted instance recognises them at once
 * @param username  the broker user, null for none
 * @param password  the broker password, null for none; never shown by {@link #toString()}
 */
public record RequesterSettings(String brokerUrl, String account, String clientId, String username,
        char[] password) {

    public static final String CLIENT_ID_PREFIX = "edgeway-console-";

    public RequesterSettings {
        if (brokerUrl == null || !(brokerUrl.startsWith("tcp://") || brokerUrl.startsWith("ssl://"))) {
            throw new IllegalArgumentException("brokerUrl must be tcp://HOST:PORT or ssl://HOST:PORT");
        }
        try {
            URI uri = new URI(brokerUrl);
            if (uri.getHost() == null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("brokerUrl must be tcp://HOST:PORT or ssl://HOST:PORT, "
                        + "without user");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("brokerUrl is not a valid URL: " + e.getReason(), e);
        }
        OpsCheck.clientId("account", account);
        if (clientId == null || clientId.isBlank()) {
            clientId = CLIENT_ID_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        }
        if (clientId.length() > 64 || !clientId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("clientId must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        username = username == null || username.isEmpty() ? null : username;
        password = password == null || password.length == 0 ? null : password.clone();
    }

    /** Anonymous, with a random client id. */
    public static RequesterSettings of(String brokerUrl, String account) {
        return new RequesterSettings(brokerUrl, account, null, null, null);
    }

    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public String toString() {
        return "RequesterSettings[brokerUrl=" + brokerUrl + ", account=" + account + ", clientId=" + clientId
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
