package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.dashboard.auth.Sessions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An upload whose sender goes away half-way (the page's Cancel, a lost connection) leaves nothing
 * in the images directory: no temporary file, and no first part in place of the file.
 */
@QuarkusTest
class CancelledUploadTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void aCutOffUploadLeavesNothingBehind() throws Exception {
    String folder = unique("cut");
    Path dir = Path.of("target/test-images").resolve(folder);
    String head =
        "POST /library?path="
            + folder
            + "/half.img HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Cookie: "
            + Sessions.COOKIE
            + "="
            + admin().cookie()
            + "\r\n"
            + "X-CSRF-Token: "
            + admin().csrf()
            + "\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: "
            + (4 << 20)
            + "\r\n\r\n";
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1 << 20]);
      out.flush();
      // Let the server open its temporary file before the sender goes away.
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Files.exists(dir) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<String> left = names(dir);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      left = names(dir);
    }
    assertEquals(List.of(), left, "what the cut-off upload left");
    admin().get().get("/library").then().statusCode(200);
  }

  private static List<String> names(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
