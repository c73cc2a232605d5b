package org.edgeway.core.internal;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports jars in deploy/ that are not bundles. Fileinstall installs valid bundles itself and hands every other
 * file to the registered artifact listeners; without one it ignores a corrupt or plain jar silently, and the
 * integrator who dropped it never learns why nothing happened.
 */
@Component(service = ArtifactInstaller.class)
public class DeployGuard implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DeployGuard.class);

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar");
    }

    @Override
    public void install(File artifact) {
        LOG.error("{} is not an OSGi bundle and was not installed: {}", artifact, whyNotABundle(artifact));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("{} was removed", artifact);
    }

    static String whyNotABundle(File artifact) {
        try (JarFile jar = new JarFile(artifact)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "the jar has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "its manifest has no Bundle-SymbolicName (a plain jar: wrap it as a bundle first)";
            }
            return "fileinstall did not accept its manifest";
        } catch (IOException | SecurityException e) {
            return "the file cannot be read as a jar (" + e.getMessage() + ")";
        }
    }
}
