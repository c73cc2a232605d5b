package org.edgeway.deploy.internal;

import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.management.BundleInfo;
import org.edgeway.api.management.DeployRequest;
import org.edgeway.api.management.DeploymentException;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.management.JobStatus;
import org.edgeway.api.management.PackageInfo;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura's DEPLOY-V2 application on the {@link DeploymentService}: {@code EXEC download|install|uninstall},
 * {@code GET download|install|packages|bundles}, {@code DEL download}, {@code EXEC start/ID|stop/ID}. Jobs are answered
 * at once with 200 and report their progress as NOTIFY messages to the requester
 * ({@code $EDC/ACCOUNT/REQUESTER/DEPLOY-V2/NOTIFY/CLIENT-ID/download|install|uninstall}). The notifications go through
 * the cloud connection named by the {@code cloud.target} property (default: the default connection).
 */
@Component(property = RequestHandler.APP_ID + "=" + DeployRequests.APP_ID)
public class DeployRequests implements RequestHandler {

    static final String APP_ID = "DEPLOY-V2";
    /** Owners of the jobs started here: this prefix and the requester's client id. */
    static final String OWNER_PREFIX = APP_ID + "/";

    private static final Logger LOG = LoggerFactory.getLogger(DeployRequests.class);

    private final DeploymentService deployment;
    private final CloudPublisher cloud;

    @Activate
    public DeployRequests(@Reference DeploymentService deployment,
            @Reference(target = "(" + CloudPublisher.CONNECTION_NAME + "=default)") CloudPublisher cloud) {
        this.deployment = deployment;
        this.cloud = cloud;
        // a job that a restart interrupted is reported to whoever started it, now that we can
        // (off the activating thread: lastJob() waits until the deployment service's recovery at start has finished)
        Thread report = new Thread(() -> deployment.lastJob().filter(JobStatus::recovered)
                .ifPresent(this::notifyRequester), "edgeway-deploy-recovery-report");
        report.setDaemon(true);
        report.start();
    }

    @Override
    public Response handle(Request request) {
        List<String> resources = request.resources();
        String resource = request.resourcePath();
        try {
            switch (request.verb()) {
            case GET:
                return switch (resource) {
                case "packages" -> xml(packagesXml(deployment.packages()));
                case "bundles" -> xml(bundlesXml(deployment.bundles()));
                case "download" -> Response.ok(status(JobStatus.Phase.DOWNLOAD));
                case "install" -> Response.ok(status(JobStatus.Phase.INSTALL));
                default -> notFound(request);
                };
            case EXEC:
                if (resources.size() == 2 && (resources.get(0).equals("start") || resources.get(0).equals("stop"))) {
                    long id = parseId(resources.get(1));
                    BundleInfo bundle = resources.get(0).equals("start") ? deployment.startBundle(id)
                            : deployment.stopBundle(id);
                    return Response.ok(Payload.builder().metric("bundle.id", bundle.id())
                            .metric("bundle.state", bundle.state()).build());
                }
                return switch (resource) {
                case "download" -> accepted(deployment.deploy(deployRequest(request), this::notifyRequester));
                case "install" -> accepted(deployment.install(required(request, "dp.name"),
                        required(request, "dp.version"), jobId(request), owner(request), this::notifyRequester));
                case "uninstall" -> accepted(deployment.uninstall(required(request, "dp.name"), jobId(request),
                        owner(request), this::notifyRequester));
                default -> notFound(request);
                };
            case DEL:
                if (resource.equals("download")) {
                    return deployment.cancelDownload() ? Response.ok()
                            : Response.notFound("no download is in progress");
                }
                return notFound(request);
            default:
                return notFound(request);
            }
        } catch (IllegalArgumentException e) {
            return Response.badRequest(e.getMessage());
        } catch (DeploymentException e) {
            return e.getMessage().startsWith("no ") ? Response.notFound(e.getMessage())
                    : Response.badRequest(e.getMessage());
        }
    }

    private static Response notFound(Request request) {
        return Response.notFound("no resource '" + request.verb() + " " + request.resourcePath() + "' in " + APP_ID
                + " (GET download|install|packages|bundles, EXEC download|install|uninstall|start/ID|stop/ID, "
                + "DEL download)");
    }

    private static Response accepted(JobStatus status) {
        return Response.ok(Payload.builder().metric("job.id", jobIdValue(status.jobId())).build());
    }

    private DeployRequest deployRequest(Request request) {
        String uriText = required(request, "dp.uri");
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("dp.uri '" + uriText + "' is not a URL: " + e.getMessage());
        }
        Duration timeout = optionalNumber(request, "dp.download.timeout").map(ms -> {
            if (ms <= 0) {
                throw new IllegalArgumentException("dp.download.timeout must be a positive number of milliseconds");
            }
            return Duration.ofMillis(ms);
        }).orElse(null);
        return new DeployRequest(uri, required(request, "dp.name"), required(request, "dp.version"),
                optionalText(request, "dp.download.hash").orElse(null), timeout,
                optionalBoolean(request, "dp.download.resume").orElse(false),
                optionalBoolean(request, "dp.install").orElse(true), jobId(request), owner(request));
    }

    private static String owner(Request request) {
        return OWNER_PREFIX + request.requesterClientId();
    }

    /** Kura's job.id is an INT64; any metric type is taken and sent back as it came (numbers as INT64). */
    private static String jobId(Request request) {
        return optionalText(request, "job.id").orElseThrow(() -> new IllegalArgumentException(
                "metric job.id is required"));
    }

    private static Object jobIdValue(String jobId) {
        try {
            return Long.parseLong(jobId);
        } catch (NumberFormatException e) {
            return jobId;
        }
    }

    private static String required(Request request, String name) {
        return optionalText(request, name).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("metric " + name + " is required"));
    }

    private static Optional<String> optionalText(Request request, String name) {
        return request.payload().metric(name).map(Metric::value).map(String::valueOf).map(String::strip);
    }

    private static Optional<Long> optionalNumber(Request request, String name) {
        Optional<Metric> metric = request.payload().metric(name);
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        Object value = metric.get().value();
        if (value instanceof Number number) {
            return Optional.of(number.longValue());
        }
        try {
            return Optional.of(Long.parseLong(String.valueOf(value).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metric " + name + " must be a number, was '" + value + "'");
        }
    }

    private static Optional<Boolean> optionalBoolean(Request request, String name) {
        Optional<Metric> metric = request.payload().metric(name);
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        Object value = metric.get().value();
        if (value instanceof Boolean bool) {
            return Optional.of(bool);
        }
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.parseBoolean(text));
        }
        throw new IllegalArgumentException("metric " + name + " must be true or false, was '" + value + "'");
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bundle id '" + text + "' is not a number");
        }
    }

    // ---- status and notifications ----------------------------------------------------------------------------------

    static String statusName(JobStatus.State state) {
        return state == JobStatus.State.ALREADY_DONE ? "ALREADY DONE" : state.name();
    }

    /** GET download / GET install: the running or last job's phase, or IDLE. */
    private Payload status(JobStatus.Phase phase) {
        String prefix = phase == JobStatus.Phase.DOWNLOAD ? "dp.download." : "dp.install.";
        Optional<JobStatus> job = deployment.currentJob().or(deployment::lastJob).filter(s -> s.phase() == phase);
        Payload.Builder payload = Payload.builder();
        if (job.isEmpty()) {
            return payload.metric(prefix + "status", "IDLE").build();
        }
        return metrics(job.get(), payload).build();
    }

    static Payload.Builder metrics(JobStatus status, Payload.Builder payload) {
        String prefix = switch (status.phase()) {
        case DOWNLOAD -> "dp.download.";
        case INSTALL -> "dp.install.";
        case UNINSTALL -> "dp.uninstall.";
        };
        payload.metric("job.id", jobIdValue(status.jobId())).metric("dp.name", status.name());
        if (status.version() != null) {
            payload.metric("dp.version", status.version());
        }
        payload.metric(prefix + "status", statusName(status.state())).metric(prefix + "progress", status.progress());
        if (status.phase() == JobStatus.Phase.DOWNLOAD && status.size() >= 0) {
            payload.metric("dp.download.size", status.size());
        }
        if (status.message() != null) {
            payload.metric(prefix + "error.message", status.message());
        }
        return payload;
    }

    private void notifyRequester(JobStatus status) {
        if (status.owner() == null || !status.owner().startsWith(OWNER_PREFIX)) {
            return;
        }
        String requester = status.owner().substring(OWNER_PREFIX.length());
        String resource = status.phase().name().toLowerCase(java.util.Locale.ROOT);
        try {
            cloud.publishNotification(requester, APP_ID, resource,
                    metrics(status, Payload.builder().timestamp(java.time.Instant.now())).build());
        } catch (RuntimeException e) {
            LOG.warn("deployment job {}: notification to {} not queued: {}", status.jobId(), requester, e.getMessage());
        }
    }

    // ---- Kura's XML bodies -------------------------------------------------------------------------------------------

    private interface XmlBody {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static String render(XmlBody body) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML failed", e);
        }
        return text.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    static String packagesXml(List<PackageInfo> packages) {
        return render(xml -> {
            xml.writeStartElement("packages");
            for (PackageInfo p : packages) {
                xml.writeStartElement("package");
                element(xml, "name", p.name());
                element(xml, "version", p.version());
                element(xml, "signer", p.signer());
                xml.writeStartElement("bundles");
                for (BundleInfo b : p.bundles()) {
                    xml.writeStartElement("bundle");
                    element(xml, "name", b.symbolicName());
                    element(xml, "version", b.version());
                    element(xml, "id", String.valueOf(b.id()));
                    element(xml, "state", b.state());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    static String bundlesXml(List<BundleInfo> bundles) {
        return render(xml -> {
            xml.writeStartElement("bundles");
            for (BundleInfo b : bundles) {
                xml.writeStartElement("bundle");
                element(xml, "name", b.symbolicName());
                element(xml, "version", b.version());
                element(xml, "id", String.valueOf(b.id()));
                element(xml, "state", b.state());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    private static Response xml(String text) {
        return Response.ok(Payload.builder().body(text.getBytes(StandardCharsets.UTF_8)).build());
    }
}
