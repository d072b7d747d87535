package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootEventRows;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The boot trace: the latest events from the store, then new ones as they happen, pushed as
 * server-sent events (each one a rendered table row) from the recorder's live listeners.
 */
@Path("/events")
@DashboardPage
@CsrfChecked
@Blocking
public class EventsResource {

  static final int INITIAL = 100;

  private final Template events;
  private final LiveEventRows rows;
  private final Ui ui;
  private final BootEventRecorder recorder;

  public EventsResource(
      @Location("events.html") Template events,
      LiveEventRows rows,
      Ui ui,
      BootEventRecorder recorder) {
    this.events = events;
    this.rows = rows;
    this.ui = ui;
    this.recorder = recorder;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance page(@QueryParam("mac") String mac) {
    Optional<MacAddress> filter = filter(mac);
    var query =
        filter.isPresent()
            ? BootEventEntity.<BootEventEntity>find(
                "mac",
                Sort.descending("at").and("id", Sort.Direction.Descending),
                filter.get().colon())
            : BootEventEntity.<BootEventEntity>findAll(
                Sort.descending("at").and("id", Sort.Direction.Descending));
    List<EventRow> rows =
        query.page(Page.ofSize(INITIAL)).list().stream()
            .map(e -> EventRow.of(BootEventRows.toEvent(e)))
            .toList();
    return ui.page(events, "events")
        .data("rows", rows)
        .data("mac", filter.map(MacAddress::colon).orElse(""))
        .data("badMac", mac != null && !mac.isBlank() && filter.isEmpty());
  }

  /** Rows a slow client may have waiting; past that its stream ends and the browser reconnects. */
  static final int MAX_PENDING = 1000;

  /** The first item of every stream (an empty SSE message would not reach the page). */
  static final String LISTENING = "<!-- listening -->";

  /**
   * New events as they happen, each as a table row; filtered by MAC when one is given. The first
   * item is {@link #LISTENING}: it tells the page that its listener is registered, so nothing
   * published from then on is missed.
   */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_HTML)
  public Multi<String> stream(@QueryParam("mac") String mac) {
    Optional<String> filter = filter(mac).map(MacAddress::colon);
    return Multi.createFrom()
        .<String>emitter(
            emitter -> {
              Consumer<BootEvent> listener =
                  e -> {
                    if (filter.isEmpty() || filter.get().equals(e.mac())) {
                      emitter.emit(rows.render(e));
                    }
                  };
              recorder.addListener(listener);
              emitter.onTermination(() -> recorder.removeListener(listener));
              emitter.emit(LISTENING);
            },
            BackPressureStrategy.BUFFER)
        .onOverflow()
        .buffer(MAX_PENDING);
  }

  private static Optional<MacAddress> filter(String mac) {
    return mac == null || mac.isBlank() ? Optional.empty() : MacAddress.parse(mac);
  }
}
