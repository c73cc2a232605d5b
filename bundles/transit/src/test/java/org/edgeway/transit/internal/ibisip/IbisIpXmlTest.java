package org.edgeway.transit.internal.ibisip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IbisIpXmlTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static PcsAllData pcs(String xml) throws IbisIpException {
        return IbisIpXml.parseAllData(utf8(xml));
    }

    @Test
    void readsPassengerCountingAllData() throws Exception {
        PcsAllData data = pcs(Samples.PCS_ALL_DATA);

        assertThat(data.time()).isEqualTo(Instant.parse("2026-11-26T12:00:05Z"));
        assertThat(data.doors()).containsExactly(
                new PcsAllData.CountingData("1", Optional.of(DoorState.OPEN), List.of(
                        new ClassCount(ObjectClass.ADULT, 12, 3, CountQuality.REGULAR),
                        new ClassCount(ObjectClass.BIKE, 1, 0, CountQuality.REGULAR)), List.of()),
                new PcsAllData.CountingData("2", Optional.of(DoorState.CLOSED), List.of(
                        new ClassCount(ObjectClass.ADULT, 4, 5, CountQuality.DEFECT)), List.of()));
    }

    @Test
    void readsPushedAllDataUnderAnotherRoot() throws Exception {
        PcsAllData data = pcs(Samples.push("2026-11-26T12:00:06Z", "3:-:7:1"));
        assertThat(data.doors()).singleElement().satisfies(d -> {
            assertThat(d.doorId()).isEqualTo("3");
            assertThat(d.state()).isEmpty();
            assertThat(d.counts()).containsExactly(new ClassCount(ObjectClass.ADULT, 7, 1, CountQuality.REGULAR));
        });
    }

    @Test
    void toleratesNamespaces() throws Exception {
        String defaultNs = Samples.PCS_ALL_DATA.replace("<PassengerCountingService.GetAllDataResponse>",
                "<PassengerCountingService.GetAllDataResponse xmlns=\"http://www.vdv.de/ibis_ip\">");
        String prefixed = Samples.PCS_ALL_DATA.replaceAll("<(/?)([A-Za-z])", "<$1i:$2")
                .replace("<i:PassengerCountingService.GetAllDataResponse>",
                        "<i:PassengerCountingService.GetAllDataResponse xmlns:i=\"http://www.vdv.de/ibis_ip\">");
        assertThat(prefixed).contains("<i:DoorID><i:Value>1</i:Value></i:DoorID>");
        PcsAllData plain = pcs(Samples.PCS_ALL_DATA);
        assertThat(pcs(defaultNs)).isEqualTo(plain);
        assertThat(pcs(prefixed)).isEqualTo(plain);
    }

    @Test
    void anErrorCodeInsteadOfInOrOutSkipsThatCountAndAbsentQualityIsRegular() throws Exception {
        String xml = Samples.PCS_ALL_DATA
                .replace("<In><Value>12</Value></In>", "<In><ErrorCode>SensorFault</ErrorCode></In>")
                .replace("<CountQuality><Value>Defect</Value></CountQuality>",
                        "<CountQuality><ErrorCode>1</ErrorCode></CountQuality>")
                .replace("<OpenState><Value>AllDoorsClosed</Value></OpenState>",
                        "<OpenState><ErrorCode>2</ErrorCode></OpenState>");
        PcsAllData data = pcs(xml);
        assertThat(data.doors().get(0).counts()).containsExactly(
                new ClassCount(ObjectClass.BIKE, 1, 0, CountQuality.REGULAR));
        assertThat(data.doors().get(0).skipped()).containsExactly("Count[1] Adult In: ErrorCode SensorFault");
        assertThat(data.doors().get(1).counts()).containsExactly(
                new ClassCount(ObjectClass.ADULT, 4, 5, CountQuality.REGULAR));
        assertThat(data.doors().get(1).state()).isEmpty();
    }

    @Test
    void emptyOptionalElementsSayNothing() throws Exception {
        PcsAllData data = pcs(Samples.PCS_ALL_DATA.replace("<CountQuality><Value>Defect</Value></CountQuality>",
                "<CountQuality/>").replace("<OpenState><Value>AllDoorsClosed</Value></OpenState>", "<OpenState/>"));
        assertThat(data.doors().get(1).counts().get(0).quality()).isEqualTo(CountQuality.REGULAR);
        assertThat(data.doors().get(1).state()).isEmpty();
        CisAllData cis = IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA.replace(
                "<StopName><Value>S+U Zoologischer Garten</Value><Language>de</Language></StopName>", "<StopName/>")
                .replace("<LineNumber><Value>100</Value></LineNumber>", "<LineNumber></LineNumber>")));
        assertThat(cis.stops().get(0).name()).isEmpty();
        assertThat(cis.line()).isEqualTo("100"); // from LineName
    }

    @Test
    void missingMandatoryElementsAreNamed() {
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<DoorID><Value>1</Value></DoorID>", "")))
                .isInstanceOf(IbisIpException.class).hasMessage("CountingData[1]/DoorID: missing");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<Out><Value>0</Value></Out>", "")))
                .isInstanceOf(IbisIpException.class).hasMessage("CountingData[1] (door 1)/Count[2]/Out: missing");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replaceAll("<TimeStamp>.*</TimeStamp>", "")))
                .isInstanceOf(IbisIpException.class).hasMessage("AllData/TimeStamp: missing");
        assertThatThrownBy(() -> pcs("<PassengerCountingService.GetAllDataResponse/>"))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("no AllData element in PassengerCountingService.GetAllDataResponse");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<DoorID><Value>1</Value></DoorID>",
                "<DoorID><ErrorCode>7</ErrorCode></DoorID>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("CountingData[1]/DoorID: ErrorCode 7 instead of a Value");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<DoorID><Value>1</Value></DoorID>",
                "<DoorID>1</DoorID>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("CountingData[1]/DoorID: has neither Value nor ErrorCode");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<In><Value>12</Value></In>",
                "<In><Value>-1</Value></In>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("CountingData[1] (door 1)/Count[1]/In: '-1' is not a non-negative integer");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<Value>Bike</Value>", "<Value>Horse</Value>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("CountingData[1] (door 1)/Count[2]/ObjectClass: unknown object class 'Horse'");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<Value>SingleDoorOpen</Value>",
                "<Value>Ajar</Value>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("CountingData[1] (door 1)/State/OpenState: 'Ajar' is not one of");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("<Value>Defect</Value>", "<Value>Bad</Value>")))
                .isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("CountingData[2] (door 2)/Count[1]/CountQuality: unknown count quality");
        assertThatThrownBy(() -> pcs(Samples.PCS_ALL_DATA.replace("2026-11-26T12:00:05Z", "yesterday")))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("AllData/TimeStamp: 'yesterday' is not a date and time (ISO 8601)");
    }

    @Test
    void aDeviceErrorInsteadOfDataIsReported() {
        assertThatThrownBy(() -> pcs("<PassengerCountingService.GetAllDataResponse><OperationErrorMessage>"
                + "<ErrorCode>ServiceNotAvailable</ErrorCode></OperationErrorMessage>"
                + "</PassengerCountingService.GetAllDataResponse>"))
                .isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("device answered with an error: ErrorCode ServiceNotAvailable");
    }

    @Test
    void garbledXmlEmptyAndOversizeBodiesAreRefused() {
        assertThatThrownBy(() -> pcs("<AllData><TimeStamp>")).isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("garbled XML at line 1");
        assertThatThrownBy(() -> pcs("not xml at all")).isInstanceOf(IbisIpException.class)
                .hasMessageStartingWith("garbled XML");
        assertThatThrownBy(() -> IbisIpXml.parseAllData(new byte[0])).isInstanceOf(IbisIpException.class)
                .hasMessage("empty body (expected XML)");
        byte[] big = new byte[IbisIpXml.MAX_BODY + 1];
        assertThatThrownBy(() -> IbisIpXml.parseAllData(big)).isInstanceOf(IbisIpException.class)
                .hasMessage("body of 1048577 bytes exceeds the limit of 1048576 bytes");
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top-secret-token");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + Samples.PCS_ALL_DATA.substring(Samples.PCS_ALL_DATA.indexOf("<PassengerCountingService"))
                        .replace("<Value>1</Value></DoorID>", "<Value>&x;</Value></DoorID>");
        assertThatThrownBy(() -> pcs(xxe)).isInstanceOf(IbisIpException.class)
                .hasMessage("garbled XML: DOCTYPE declarations are not allowed")
                .hasMessageNotContaining("top-secret");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><AllData>&lol2;</AllData>";
        assertThatThrownBy(() -> pcs(laughs)).isInstanceOf(IbisIpException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void deepNestingFailsInTheParser() {
        String deep = "<a>".repeat(5000) + "</a>".repeat(5000);
        assertThatThrownBy(() -> pcs(deep)).isInstanceOf(IbisIpException.class).hasMessageStartingWith("garbled XML");
    }

    @Test
    void readsCustomerInformationAllData() throws Exception {
        CisAllData data = IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA));
        assertThat(data.tripRef()).contains("100-0815");
        assertThat(data.line()).isEqualTo("100");
        assertThat(data.headsign()).isEqualTo("S+U Alexanderplatz");
        assertThat(data.stops()).containsExactly(
                new CisAllData.Stop(1, "de:11000:900023201", "S+U Zoologischer Garten"),
                new CisAllData.Stop(2, "de:11000:900003201", "S+U Berlin Hauptbahnhof"));
        assertThat(data.currentStopIndex()).isEqualTo(OptionalInt.of(2));
        assertThat(data.hasTrip()).isTrue();
    }

    @Test
    void customerInformationWithoutTripOrWithFallbacks() throws Exception {
        String noTrip = Samples.CIS_ALL_DATA.replaceAll("(?s)<TripInformation>.*</TripInformation>", "")
                .replace("<CurrentStopIndex><Value>2</Value></CurrentStopIndex>", "");
        CisAllData none = IbisIpXml.parseCisAllData(utf8(noTrip));
        assertThat(none.hasTrip()).isFalse();
        assertThat(none.tripRef()).isEmpty();
        assertThat(none.currentStopIndex()).isEmpty();

        String emptySequence = Samples.CIS_ALL_DATA.replaceAll("(?s)<StopSequence>.*</StopSequence>",
                "<StopSequence/>");
        assertThat(IbisIpXml.parseCisAllData(utf8(emptySequence)).hasTrip()).isFalse();

        String lineName = Samples.CIS_ALL_DATA.replace("<LineNumber><Value>100</Value></LineNumber>", "")
                .replace("<LineName><Value>100</Value></LineName>", "<LineName><Value>Bus 100</Value></LineName>");
        assertThat(IbisIpXml.parseCisAllData(utf8(lineName)).line()).isEqualTo("Bus 100");

        // stops in any order come out by StopIndex
        String reversed = Samples.CIS_ALL_DATA.replace("<StopIndex><Value>1</Value></StopIndex>",
                "<StopIndex><Value>3</Value></StopIndex>");
        assertThat(IbisIpXml.parseCisAllData(utf8(reversed)).stops()).extracting(CisAllData.Stop::index)
                .containsExactly(2, 3);

        String namespaced = Samples.CIS_ALL_DATA.replace("<CustomerInformationService.GetAllDataResponse>",
                "<CustomerInformationService.GetAllDataResponse xmlns=\"http://www.vdv.de/ibis_ip\">");
        assertThat(IbisIpXml.parseCisAllData(utf8(namespaced)))
                .isEqualTo(IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA)));
    }

    @Test
    void customerInformationErrorsAreNamed() {
        assertThatThrownBy(() -> IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA.replace(
                "<StopRef><Value>de:11000:900003201</Value></StopRef>", ""))))
                .isInstanceOf(IbisIpException.class).hasMessage("StopSequence/StopPoint[2]/StopRef: missing");
        assertThatThrownBy(() -> IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA.replace(
                "<StopIndex><Value>2</Value></StopIndex>", "<StopIndex><Value>1</Value></StopIndex>"))))
                .isInstanceOf(IbisIpException.class).hasMessage("StopSequence: StopIndex 1 appears twice");
        assertThatThrownBy(() -> IbisIpXml.parseCisAllData(utf8(Samples.CIS_ALL_DATA.replace(
                "<CurrentStopIndex><Value>2</Value>", "<CurrentStopIndex><Value>two</Value>"))))
                .isInstanceOf(IbisIpException.class)
                .hasMessage("AllData/CurrentStopIndex: 'two' is not a non-negative integer");
        assertThatThrownBy(() -> IbisIpXml.parseCisAllData(utf8("<x><y></x>")))
                .isInstanceOf(IbisIpException.class).hasMessageStartingWith("garbled XML");
    }

    @Test
    void subscriptionMessages() throws Exception {
        assertThat(IbisIpXml.parseActive(utf8(FakeIbisIpDevice.SUBSCRIBED))).isTrue();
        assertThat(IbisIpXml.parseActive(utf8(FakeIbisIpDevice.UNSUBSCRIBED))).isFalse();
        assertThatThrownBy(() -> IbisIpXml.parseActive(utf8(
                "<SubscribeResponse><Active><ErrorCode>TooManySubscribers</ErrorCode></Active></SubscribeResponse>")))
                .isInstanceOf(IbisIpException.class).hasMessage("Active: ErrorCode TooManySubscribers");
        assertThatThrownBy(() -> IbisIpXml.parseActive(utf8("<SubscribeResponse/>")))
                .isInstanceOf(IbisIpException.class).hasMessage("no Active element in SubscribeResponse");

        String request = new String(IbisIpXml.subscribeRequest("10.0.0.5", 5040, "/a&b<c>"), StandardCharsets.UTF_8);
        assertThat(request).contains("<SubscribeRequest><Client-IP-Address><Value>10.0.0.5</Value>"
                + "</Client-IP-Address><ReplyPort><Value>5040</Value></ReplyPort><ReplyPath><Value>/a&amp;b&lt;c&gt;"
                + "</Value></ReplyPath></SubscribeRequest>");
        assertThat(IbisIpXml.find(IbisIpXml.parse(utf8(request)).getDocumentElement(), "ReplyPath").getTextContent())
                .isEqualTo("/a&b<c>");
    }
}
