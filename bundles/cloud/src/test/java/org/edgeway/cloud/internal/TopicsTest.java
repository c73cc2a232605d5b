package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("$EDC", "city", "gw-1");

    @Test
    void buildsKuraDataAndControlTopics() {
        assertThat(topics.data("METER-V1", "depot/meter-7")).isEqualTo("city/gw-1/METER-V1/depot/meter-7");
        assertThat(topics.data("METER-V1", "")).isEqualTo("city/gw-1/METER-V1");
        assertThat(topics.control("MQTT", "BIRTH")).isEqualTo("$EDC/city/gw-1/MQTT/BIRTH");
        assertThat(topics.controlSubscription()).isEqualTo("$EDC/city/gw-1/#");
    }

    @Test
    void rejectsWildcardsAndEmptySegmentsNamingThem() {
        assertThatThrownBy(() -> topics.data("METER-V1", "depot/+")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> topics.data("METER-V1", "depot/#")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> topics.data("METER-V1", "depot//x")).hasMessageContaining("empty topic segment");
        assertThatThrownBy(() -> topics.data("METER-V1", "depot/")).hasMessageContaining("empty topic segment");
        assertThatThrownBy(() -> topics.data("", "x")).hasMessageContaining("application id");
        assertThatThrownBy(() -> topics.data("A/B", "x")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new Topics("$EDC", "acc+", "gw")).hasMessageContaining("account");
    }

    @Test
    void buildsKuraNotificationTopicsToTheRequester() {
        assertThat(topics.notification("console-7", "DEPLOY-V2", "download"))
                .isEqualTo("$EDC/city/console-7/DEPLOY-V2/NOTIFY/gw-1/download");
        assertThatThrownBy(() -> topics.notification("a/b", "DEPLOY-V2", "download")).hasMessageContaining("requester");
        assertThatThrownBy(() -> topics.notification("c", "DEPLOY-V2", "")).hasMessageContaining("resource");
        assertThatThrownBy(() -> topics.notification("c", "DEPLOY-V2", "x/#")).hasMessageContaining("'#'");
    }
}
