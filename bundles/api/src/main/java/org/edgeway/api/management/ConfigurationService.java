package org.edgeway.api.management;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and changes the gateway's configurations, validated against their metatype, with a snapshot on every
 * change. Registered by the runtime.
 *
 * <p>Pids: a singleton configuration by its pid, a named factory instance as {@code factoryPid~name} (like
 * fileinstall's {@code etc/factoryPid-name.cfg}). Values may be given as text (as in a {@code .cfg} file, a
 * list comma separated) or typed (numbers, booleans, arrays, lists). Secret values (type
 * {@link AttributeType#PASSWORD}) are stored encrypted and returned as {@link #SECRET_PLACEHOLDER}; giving the
 * placeholder back in an update keeps the stored secret.
 */
@ProviderType
public interface ConfigurationService {

    /** What every secret value reads as. */
    String SECRET_PLACEHOLDER = "********";

    /**
     * Lists the configurable components: every pid and factory pid with a metatype.
     *
     * @return the components sorted by pid
     */
    List<ComponentInfo> components();

    /**
     * Lists the stored configurations, secrets masked.
     *
     * @return the configurations sorted by pid
     */
    List<ConfigurationInfo> configurations();

    /**
     * Reads one configuration, secrets masked.
     *
     * @param pid the pid, or {@code factoryPid~name}
     * @return the configuration; empty if none is stored
     */
    Optional<ConfigurationInfo> configuration(String pid);

    /**
     * Changes some values of a configuration, creating it (or the named factory instance) if needed. Every value
     * is validated first (type, range, options, cardinality, required); on any problem nothing is changed. Returns
     * once Configuration Admin holds the new values and the component configured by them was re-activated (or
     * a timeout passed).
     *
     * @param pid    the pid, or {@code factoryPid~name}
     * @param values new values by key; other keys keep their values; a null value removes the key
     * @return the configuration now stored, secrets masked
     * @throws ConfigurationException naming each invalid field, or an unknown pid, or the component's activation
     *                                failure
     */
    ConfigurationInfo update(String pid, Map<String, Object> values) throws ConfigurationException;

    /**
     * Changes several configurations together: all are validated before any is changed.
     *
     * @param values new values by key, by pid
     * @return the configurations now stored, secrets masked
     * @throws ConfigurationException naming each invalid field
     */
    List<ConfigurationInfo> updateAll(Map<String, Map<String, Object>> values) throws ConfigurationException;

    /**
     * Creates a named factory instance, {@code factoryPid~name}.
     *
     * @param factoryPid the factory pid
     * @param name       the instance name (letters, digits, {@code _ . -})
     * @param values     its values
     * @return the configuration created, secrets masked
     * @throws ConfigurationException if the instance exists, the factory pid is unknown or a value is invalid
     */
    ConfigurationInfo createFactoryInstance(String factoryPid, String name, Map<String, Object> values)
            throws ConfigurationException;

    /**
     * Deletes a configuration; its component is deactivated (or falls back to defaults).
     *
     * @param pid the pid, or {@code factoryPid~name}
     * @throws ConfigurationException if no such configuration is stored
     */
    void delete(String pid) throws ConfigurationException;

    /**
     * Lists the stored snapshots.
     *
     * @return the snapshots, newest first
     */
    List<SnapshotInfo> snapshots();

    /**
     * Takes a snapshot of all configurations now.
     *
     * @return the new snapshot
     * @throws ConfigurationException if it cannot be stored
     */
    SnapshotInfo takeSnapshot() throws ConfigurationException;

    /**
     * Restores all configurations to a snapshot: values are restored, factory instances deleted since are created
     * again and those created since are deleted. A snapshot of the state before is taken first.
     *
     * @param id the snapshot id
     * @throws ConfigurationException if there is no such snapshot or restoring failed
     */
    void rollback(long id) throws ConfigurationException;

    /**
     * Exports a snapshot in Eclipse Kura's XML snapshot format ({@code esf:configurations}); secrets stay
     * encrypted.
     *
     * @param id the snapshot id
     * @return the XML document
     * @throws ConfigurationException if there is no such snapshot
     */
    String exportKuraXml(long id) throws ConfigurationException;

    /**
     * Applies the configurations of a Kura XML document ({@code esf:configurations} or a single
     * {@code esf:configuration}) like {@link #updateAll(Map)}.
     *
     * @param xml the document
     * @return the configurations now stored, secrets masked
     * @throws ConfigurationException if the document is malformed or a value is invalid
     */
    List<ConfigurationInfo> importKuraXml(String xml) throws ConfigurationException;
}
