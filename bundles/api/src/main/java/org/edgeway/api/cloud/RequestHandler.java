package org.edgeway.api.cloud;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers cloud requests for one application id. Register it as an OSGi service with the service property
 * {@link #APP_ID}; the runtime then routes {@code $EDC/{account}/{client-id}/{appId}/...} requests to it,
 * announces the application in the birth certificate, and sends the returned {@link Response} to the
 * requester's reply topic.
 *
 * <pre>{@code
 * @Component(property = RequestHandler.APP_ID + "=METER-V1")
 * public class MeterRequests implements RequestHandler {
 *     public Response handle(Request request) {
 *         if (request.verb() == Verb.GET && request.resourcePath().equals("meters")) {
 *             return Response.ok(listMeters());
 *         }
 *         return Response.notFound("no resource " + request.resourcePath());
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface RequestHandler {

    /** Service property holding the application id this handler answers, e.g. {@code CONF-V1}. */
    String APP_ID = "edgeway.app.id";

    /**
     * Handles one request. Called from a runtime thread; may take time but should not block indefinitely.
     *
     * @param request the validated request
     * @return the response; an exception thrown here is answered with code 500 and its message
     * @throws Exception if the request cannot be handled
     */
    Response handle(Request request) throws Exception;
}
