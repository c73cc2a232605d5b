package org.edgeway.api.transit;

import java.util.Locale;

/** What a counting sensor counted, as VDV 301 (IBIS-IP) names the object classes. */
public enum ObjectClass {
    ADULT("Adult"), CHILD("Child"), BIKE("Bike"), WHEELCHAIR("WheelChair"), PRAM("Pram"),
    UNIDENTIFIED("Unidentified"), OTHER("Other");

    private final String vdvName;

    ObjectClass(String vdvName) {
        this.vdvName = vdvName;
    }

    /** @return the VDV 301 spelling, for example {@code WheelChair} */
    public String vdvName() {
        return vdvName;
    }

    /**
     * Parses a VDV 301 or enum spelling, ignoring case.
     *
     * @param text for example {@code Adult}, {@code wheelchair}, {@code PRAM}
     * @return the class
     * @throws IllegalArgumentException naming the text when it is no object class
     */
    public static ObjectClass parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (ObjectClass c : values()) {
                if (c.name().equals(wanted)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown object class '" + text + "' (expected one of Adult, Child, Bike, "
                + "WheelChair, Pram, Unidentified, Other)");
    }
}
