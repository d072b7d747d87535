package dev.bootkeeper.api;

import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.wol.HostWaker;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code POST /api/v1/hosts/{mac}/wake}: sends a Wake-on-LAN magic packet. Needs a token. */
@Path("/api/v1/hosts/{mac}/wake")
@Produces(MediaType.APPLICATION_JSON)
public class WakeResource {

  /**
   * @param sentTo each address:port the packet went to
   */
  public record Wake(String mac, List<String> sentTo) {}

  private final HostWaker waker;

  public WakeResource(HostWaker waker) {
    this.waker = waker;
  }

  @POST
  public Wake wake(@PathParam("mac") String mac) {
    MacAddress m =
        MacAddress.parse(mac)
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "'"
                            + (mac.length() > 64 ? mac.substring(0, 64) : mac)
                            + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff"
                            + " or aabbccddeeff)"));
    return new Wake(m.colon(), waker.wake(m, "api"));
  }
}
