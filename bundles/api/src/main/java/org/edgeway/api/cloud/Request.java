package org.edgeway.api.cloud;

import java.util.List;
import java.util.Objects;

import org.edgeway.api.payload.Payload;

/**
 * A validated cloud request for one application, received on
 * {@code $EDC/{account}/{client-id}/{appId}/{verb}/{resources...}}.
 *
 * @param appId             the application id the request is addressed to
 * @param verb              the method
 * @param resources         the topic segments after the verb, possibly empty
 * @param requestId         the {@code request.id} metric
 * @param requesterClientId the {@code requester.client.id} metric, where the reply goes
 * @param payload           the full request payload (metrics and body)
 */
public record Request(String appId, Verb verb, List<String> resources, String requestId, String requesterClientId,
        Payload payload) {

    /** Checks that nothing is missing and copies the resources. */
    public Request {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(verb, "verb");
        resources = List.copyOf(resources);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requesterClientId, "requesterClientId");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Returns the resource path joined with {@code /}, e.g. {@code configurations/org.edgeway.meter}.
     *
     * @return the resource path, empty if there are no resources
     */
    public String resourcePath() {
        return String.join("/", resources);
    }
}
