/**
 * Encodes and decodes {@link org.edgeway.api.payload.Payload payloads} in the formats a Kura-compatible cloud
 * understands: {@link org.edgeway.codec.KuraPayloadCodec Kura's protobuf payload} (optionally gzipped) and
 * {@link org.edgeway.codec.JsonPayloadCodec Kura's JSON payload}. Input that cannot be decoded always fails with
 * a {@link org.edgeway.codec.PayloadFormatException}.
 */
@Export
@Version("1.0.0")
package org.edgeway.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
