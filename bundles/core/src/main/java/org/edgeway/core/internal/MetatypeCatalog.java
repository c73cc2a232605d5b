package org.edgeway.core.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Finds the metatype description of a configuration pid among all installed bundles. */
final class MetatypeCatalog {

    /** Where a pid is described, and whether it is a factory pid there. */
    record Described(Bundle bundle, ObjectClassDefinition definition, boolean factory) {
    }

    private final BundleContext context;
    private final MetaTypeService metaType;

    MetatypeCatalog(BundleContext context, MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    /** Every described pid and factory pid, by pid (the first bundle describing one wins). */
    Map<String, Described> all() {
        Map<String, Described> all = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                all.putIfAbsent(pid, new Described(bundle, info.getObjectClassDefinition(pid, null), false));
            }
            for (String pid : info.getFactoryPids()) {
                all.putIfAbsent(pid, new Described(bundle, info.getObjectClassDefinition(pid, null), true));
            }
        }
        return all;
    }

    Optional<Described> find(String pid) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            if (Arrays.asList(info.getPids()).contains(pid)) {
                return Optional.of(new Described(bundle, info.getObjectClassDefinition(pid, null), false));
            }
            if (Arrays.asList(info.getFactoryPids()).contains(pid)) {
                return Optional.of(new Described(bundle, info.getObjectClassDefinition(pid, null), true));
            }
        }
        return Optional.empty();
    }
}
