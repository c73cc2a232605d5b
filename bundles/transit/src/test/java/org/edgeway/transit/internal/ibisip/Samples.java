package org.edgeway.transit.internal.ibisip;

/** IBIS-IP bodies for tests, in the shapes of the brief. */
final class Samples {

    private Samples() {
    }

    static final String PCS_ALL_DATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <PassengerCountingService.GetAllDataResponse>
              <AllData>
                <TimeStamp><Value>2026-11-26T12:00:05Z</Value></TimeStamp>
                <CountingData>
                  <DoorID><Value>1</Value></DoorID>
                  <Count>
                    <ObjectClass><Value>Adult</Value></ObjectClass>
                    <In><Value>12</Value></In>
                    <Out><Value>3</Value></Out>
                    <CountQuality><Value>Regular</Value></CountQuality>
                  </Count>
                  <Count>
                    <ObjectClass><Value>Bike</Value></ObjectClass>
                    <In><Value>1</Value></In>
                    <Out><Value>0</Value></Out>
                  </Count>
                  <State>
                    <OpenState><Value>SingleDoorOpen</Value></OpenState>
                    <OperationState><Value>Counting</Value></OperationState>
                  </State>
                </CountingData>
                <CountingData>
                  <DoorID><Value>2</Value></DoorID>
                  <Count>
                    <ObjectClass><Value>Adult</Value></ObjectClass>
                    <In><Value>4</Value></In>
                    <Out><Value>5</Value></Out>
                    <CountQuality><Value>Defect</Value></CountQuality>
                  </Count>
                  <State>
                    <OpenState><Value>AllDoorsClosed</Value></OpenState>
                    <OperationState><Value>Counting</Value></OperationState>
                  </State>
                </CountingData>
              </AllData>
            </PassengerCountingService.GetAllDataResponse>
            """;

    /** An AllData with the given time and per door "id:state:adultIn:adultOut" (state open, closed or -). */
    static String pcs(String time, String... doors) {
        StringBuilder b = new StringBuilder("<PassengerCountingService.GetAllDataResponse><AllData><TimeStamp><Value>")
                .append(time).append("</Value></TimeStamp>");
        for (String door : doors) {
            String[] f = door.split(":");
            b.append("<CountingData><DoorID><Value>").append(f[0]).append("</Value></DoorID><Count><ObjectClass>"
                    + "<Value>Adult</Value></ObjectClass><In><Value>").append(f[2]).append("</Value></In><Out><Value>")
                    .append(f[3]).append("</Value></Out></Count>");
            if (!f[1].equals("-")) {
                b.append("<State><OpenState><Value>").append(f[1].equals("open") ? "DoorsOpen" : "AllDoorsClosed")
                        .append("</Value></OpenState></State>");
            }
            b.append("</CountingData>");
        }
        return b.append("</AllData></PassengerCountingService.GetAllDataResponse>").toString();
    }

    /** The same AllData as pushed: another root element. */
    static String push(String time, String... doors) {
        return pcs(time, doors).replace("PassengerCountingService.GetAllDataResponse",
                "PassengerCountingService.AllData");
    }

    static final String CIS_ALL_DATA = """
            <CustomerInformationService.GetAllDataResponse>
              <AllData>
                <TimeStamp><Value>2026-11-26T12:00:05Z</Value></TimeStamp>
                <VehicleRef><Value>bus-4711</Value></VehicleRef>
                <DefaultLanguage><Value>de</Value></DefaultLanguage>
                <TripInformation>
                  <TripRef><Value>100-0815</Value></TripRef>
                  <StopSequence>
                    <StopPoint>
                      <StopIndex><Value>1</Value></StopIndex>
                      <StopRef><Value>de:11000:900023201</Value></StopRef>
                      <StopName><Value>S+U Zoologischer Garten</Value><Language>de</Language></StopName>
                      <DisplayContent>
                        <LineInformation>
                          <LineRef><Value>100</Value></LineRef>
                          <LineName><Value>100</Value></LineName>
                          <LineNumber><Value>100</Value></LineNumber>
                        </LineInformation>
                        <Destination><DestinationName><Value>S+U Alexanderplatz</Value><Language>de</Language></DestinationName></Destination>
                      </DisplayContent>
                    </StopPoint>
                    <StopPoint>
                      <StopIndex><Value>2</Value></StopIndex>
                      <StopRef><Value>de:11000:900003201</Value></StopRef>
                      <StopName><Value>S+U Berlin Hauptbahnhof</Value><Language>de</Language></StopName>
                      <DisplayContent>
                        <LineInformation>
                          <LineRef><Value>100</Value></LineRef>
                          <LineName><Value>100</Value></LineName>
                          <LineNumber><Value>100</Value></LineNumber>
                        </LineInformation>
                        <Destination><DestinationName><Value>S+U Alexanderplatz</Value><Language>de</Language></DestinationName></Destination>
                      </DisplayContent>
                    </StopPoint>
                  </StopSequence>
                  <LocationState><Value>AtStop</Value></LocationState>
                </TripInformation>
                <CurrentStopIndex><Value>2</Value></CurrentStopIndex>
                <RouteDeviation><Value>onroute</Value></RouteDeviation>
                <DoorState><Value>AllDoorsClosed</Value></DoorState>
                <VehicleStopRequested><Value>false</Value></VehicleStopRequested>
                <ExitSide><Value>right</Value></ExitSide>
              </AllData>
            </CustomerInformationService.GetAllDataResponse>
            """;
}
