package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class RecordingSink implements BootEventSink {
  final List<BootEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void publish(BootEvent event) {
    events.add(event);
  }

  List<String> steps() {
    return events.stream().map(e -> e.step().label()).toList();
  }
}
