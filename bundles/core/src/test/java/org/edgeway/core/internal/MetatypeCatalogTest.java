package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.core.internal.OsgiFakes.attribute;
import static org.edgeway.core.internal.OsgiFakes.ocd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.core.internal.OsgiFakes.FakeOcd;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;

class MetatypeCatalogTest {

    private final FakeOcd singleton = ocd("org.example.a", attribute("k", AttributeDefinition.STRING));
    private final FakeOcd factory = ocd("org.example.f", attribute("k", AttributeDefinition.STRING));
    private final Map<Bundle, MetaTypeInformation> infos = new HashMap<>();

    private MetatypeCatalog catalog(Bundle... bundles) {
        return new MetatypeCatalog(OsgiFakes.context(Map.of(), bundles), OsgiFakes.metaTypeService(infos));
    }

    @Test
    void findsSingletonAndFactoryPidsAcrossBundles() {
        Bundle none = OsgiFakes.bundle("none", Bundle.ACTIVE);
        Bundle described = OsgiFakes.bundle("described", Bundle.RESOLVED);
        infos.put(described, OsgiFakes.metaTypeInfo(described, List.of(singleton), List.of(factory)));
        MetatypeCatalog catalog = catalog(none, described);

        MetatypeCatalog.Described a = catalog.find("org.example.a").orElseThrow();
        assertThat(a.bundle()).isSameAs(described);
        assertThat(a.definition()).isSameAs(singleton);
        assertThat(a.factory()).isFalse();

        MetatypeCatalog.Described f = catalog.find("org.example.f").orElseThrow();
        assertThat(f.definition()).isSameAs(factory);
        assertThat(f.factory()).isTrue();

        assertThat(catalog.find("org.example.missing")).isEmpty();
    }

    @Test
    void uninstalledBundlesAreSkipped() {
        Bundle gone = OsgiFakes.bundle("gone", Bundle.UNINSTALLED);
        infos.put(gone, OsgiFakes.metaTypeInfo(gone, List.of(singleton), List.of()));

        assertThat(catalog(gone).find("org.example.a")).isEmpty();
    }

    @Test
    void attributeIsFoundById() {
        assertThat(SettingsApplier.attribute(singleton, "k")).map(AttributeDefinition::getID).contains("k");
        assertThat(SettingsApplier.attribute(singleton, "K")).isEmpty();
    }
}
