package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootEventRows;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.store.BootEventEntity;
import dev.bootkeeper.store.Host;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
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

  /**
   * The latest events, filtered by machine (MAC, IP or hostname), protocol and outcome. {@code mac}
   * is the machine box's older name, still read so that existing links keep working.
   */
  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance page(
      @QueryParam("host") String host,
      @QueryParam("mac") String mac,
      @QueryParam("protocol") String protocol,
      @QueryParam("outcome") String outcome) {
    String machine = host == null || host.isBlank() ? mac : host;
    EventFilter filter = EventFilter.parse(machine, protocol, outcome, EventsResource::macsNamed);
    List<EventRow> rows = List.of();
    if (!filter.refused()) {
      Parameters params = new Parameters();
      rows =
          BootEventEntity.<BootEventEntity>find(
                  filter.where(params),
                  Sort.descending("at").and("id", Sort.Direction.Descending),
                  params)
              .page(Page.ofSize(INITIAL))
              .list()
              .stream()
              .map(e -> EventRow.of(BootEventRows.toEvent(e)))
              .toList();
    }
    return ui.page(events, "events")
        .data("rows", rows)
        .data("host", filter.host())
        .data("protocol", filter.protocol().map(EventsResource::param).orElse(""))
        .data("outcome", filter.outcome().map(EventsResource::param).orElse(""))
        .data("protocols", choices(BootEvent.Protocol.values(), Enum::name))
        .data("outcomes", choices(BootEvent.Outcome.values(), EventsResource::param))
        .data("filtered", filter.any())
        .data("problem", filter.problem())
        .data("stream", "/events/stream" + filter.streamQuery());
  }

  /** A filter's choices: the value the URL carries (lower case), and the label the page shows. */
  private static <E extends Enum<E>> Map<String, String> choices(
      E[] values, Function<E, String> label) {
    Map<String, String> m = new LinkedHashMap<>();
    for (E v : values) {
      m.put(param(v), label.apply(v));
    }
    return m;
  }

  private static String param(Enum<?> v) {
    return v.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The MACs of the hosts a hostname names: exactly, or as the short name of a fully qualified one
   * ({@code node1} finds {@code node1.lab}).
   */
  static List<String> macsNamed(String hostname) {
    return Host.getEntityManager()
        .createQuery(
            "select h.mac from Host h where lower(h.hostname) = :n or lower(h.hostname) like :short"
                + " order by h.mac",
            String.class)
        .setParameter("n", hostname)
        .setParameter("short", hostname.replace("%", "").replace("_", "\\_") + ".%")
        .setMaxResults(1000)
        .getResultList();
  }

  /** Rows a slow client may have waiting; past that its stream ends and the browser reconnects. */
  static final int MAX_PENDING = 1000;

  /** The first item of every stream (an empty SSE message would not reach the page). */
  static final String LISTENING = "<!-- listening -->";

  /**
   * New events as they happen, each as a table row, filtered as the page is (see {@link
   * EventFilter#streamQuery}). The first item is {@link #LISTENING}: it tells the page that its
   * listener is registered, so nothing published from then on is missed.
   */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_HTML)
  public Multi<String> stream(
      @QueryParam("mac") List<String> macs,
      @QueryParam("ip") String ip,
      @QueryParam("protocol") String protocol,
      @QueryParam("outcome") String outcome) {
    Predicate<BootEvent> wanted = EventFilter.ofStream(macs, ip, protocol, outcome).live();
    return Multi.createFrom()
        .<String>emitter(
            emitter -> {
              Consumer<BootEvent> listener =
                  e -> {
                    if (wanted.test(e)) {
                      emitter.emit(rows.render(e));
                    }
                  };
              recorder.addLiveView(listener);
              emitter.onTermination(() -> recorder.removeLiveView(listener));
              emitter.emit(LISTENING);
            },
            BackPressureStrategy.BUFFER)
        .onOverflow()
        .buffer(MAX_PENDING);
  }
}
