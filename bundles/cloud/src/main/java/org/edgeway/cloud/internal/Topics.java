package org.edgeway.cloud.internal;

/** Kura topic layout: data {@code account/client/app/topic}, control {@code $EDC/account/client/app/...}. */
record Topics(String controlPrefix, String account, String clientId) {

    Topics {
        requireSegment("account", account);
        requireSegment("client id", clientId);
    }

    String data(String appId, String appTopic) {
        requireSegment("application id", appId);
        String base = account + "/" + clientId + "/" + appId;
        if (appTopic == null || appTopic.isEmpty()) {
            return base;
        }
        for (String segment : appTopic.split("/", -1)) {
            requireSegment("application topic '" + appTopic + "'", segment);
        }
        return base + "/" + appTopic;
    }

    String control(String appId, String resource) {
        return controlPrefix + "/" + account + "/" + clientId + "/" + appId + "/" + resource;
    }

    /** Kura's reply topic: to the requester's client id, under our account. */
    String reply(String requesterClientId, String appId, String requestId) {
        return controlPrefix + "/" + account + "/" + requesterClientId + "/" + appId + "/REPLY/" + requestId;
    }

    /** Kura's notification topic: to the requester's client id, naming us after {@code NOTIFY}. */
    String notification(String requesterClientId, String appId, String resource) {
        requireSegment("requester client id", requesterClientId);
        requireSegment("application id", appId);
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("notification resource is empty");
        }
        for (String segment : resource.split("/", -1)) {
            requireSegment("notification resource '" + resource + "'", segment);
        }
        return controlPrefix + "/" + account + "/" + requesterClientId + "/" + appId + "/NOTIFY/" + clientId + "/"
                + resource;
    }

    String controlSubscription() {
        return controlPrefix + "/" + account + "/" + clientId + "/#";
    }

    /** A topic segment may not be empty nor hold MQTT wildcards or separators. */
    static void requireSegment(String what, String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new IllegalArgumentException(what + " has an empty topic segment");
        }
        for (char c : segment.toCharArray()) {
            if (c == '+' || c == '#' || c == '/' || c == '\u0000') {
                throw new IllegalArgumentException(what + " contains the character '" + c
                        + "', which is not allowed in a topic segment");
            }
        }
    }
}
