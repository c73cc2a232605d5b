/**
 * Talking to the cloud: publish data with a {@link org.edgeway.api.cloud.CloudPublisher} and answer requests by
 * registering a {@link org.edgeway.api.cloud.RequestHandler}. The runtime takes care of the connection, the
 * Kura wire contract, storing while offline and retrying.
 */
@Export
@Version("1.4.0")
package org.edgeway.api.cloud;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
