package org.edgeway.modbus.internal;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeway.api.meter.MeterReading;
import org.edgeway.api.meter.MeterService;
import org.edgeway.modbus.internal.meter.MeterPoller;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@link MeterService}: the last reading of every configured Modbus meter, for consoles. */
@Component(service = MeterService.class)
public class MeterServiceComponent implements MeterService {

    private final List<ModbusMeterComponent> meters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMeter(ModbusMeterComponent meter) {
        meters.add(meter);
    }

    void removeMeter(ModbusMeterComponent meter) {
        meters.remove(meter);
    }

    @Override
    public List<MeterReading> latestReadings() {
        return meters.stream().map(MeterServiceComponent::reading).sorted(Comparator.comparing(MeterReading::meter))
                .toList();
    }

    static MeterReading reading(ModbusMeterComponent meter) {
        MeterPoller poller = meter.poller();
        MeterPoller.Reading last = poller.latest();
        return last == null
                ? new MeterReading(poller.name(), meter.bus(), poller.unitId(), null, null, poller.units(), null)
                : new MeterReading(poller.name(), meter.bus(), poller.unitId(), last.at(), last.values(),
                        poller.units(), last.badQualities());
    }
}
