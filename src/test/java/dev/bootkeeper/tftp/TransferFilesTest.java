package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.FailureReason;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TransferFilesTest {

  @Test
  void aConfigThatCannotBeRenderedIsAPlainErrorForTheClientAndOneLineForTheLog() throws Exception {
    TransferFiles files =
        new TransferFiles(
            (path, client) -> {
              throw new IllegalStateException(
                  "Rendering error: Key \"nothere\" not found\nin expression {nothere.foo}");
            },
            new FileCache(0, 0));
    PreparedFile prepared =
        files.prepare(
            "pxelinux.cfg/01-52-54-00-12-34-56",
            TransferMode.OCTET,
            BootClient.at(InetAddress.getByName("198.18.0.5")));
    PreparedFile.Broken broken = assertInstanceOf(PreparedFile.Broken.class, prepared);
    assertEquals(FailureReason.SERVER_ERROR, broken.cause());
    assertEquals("error", broken.answer());
    assertTrue(broken.reason().contains("nothere"), broken.reason());
    assertFalse(broken.reason().contains("\n"), broken.reason());
  }
}
