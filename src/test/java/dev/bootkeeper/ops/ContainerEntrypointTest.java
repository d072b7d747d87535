package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's entrypoint script, run outside a container exactly as the Dockerfile runs it. */
class ContainerEntrypointTest {

  static final Path SCRIPT = Path.of("src/main/docker/entrypoint.sh");

  record Result(int exit, String out) {}

  static Result run(Path home, Path images, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
    pb.environment().put("BOOTKEEPER_HOME", home.toString());
    pb.environment().put("BOOTKEEPER_IMAGES_DIR", images.toString());
    pb.environment().put("BOOTKEEPER_DATA_DIR", home.resolve("data").toString());
    pb.environment().put("BOOTKEEPER_DRY_RUN", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out);
  }

  @Test
  void seedsMissingLoadersWithoutTouchingTheOperatorsFiles(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("opt");
    Files.createDirectories(home.resolve("bootloaders/grub"));
    Files.writeString(home.resolve("bootloaders/pxelinux.0"), "shipped");
    Files.writeString(home.resolve("bootloaders/undionly.kpxe"), "shipped");
    Files.writeString(home.resolve("bootloaders/grub/grub.cfg.example"), "shipped");
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.writeString(images.resolve("pxelinux.0"), "operator's own");

    Result r = run(home, images, Map.of("JAVA_OPTS", "-Xmx256m"));
    assertEquals(0, r.exit(), r.out());
    assertEquals("operator's own", Files.readString(images.resolve("pxelinux.0")));
    assertEquals("shipped", Files.readString(images.resolve("undionly.kpxe")));
    assertEquals("shipped", Files.readString(images.resolve("grub/grub.cfg.example")));
    assertEquals(
        "java -Xmx256m -Dbootkeeper.data-dir="
            + home.resolve("data")
            + " -Dbootkeeper.images-dir="
            + images
            + " -jar "
            + home.resolve("app/quarkus-run.jar"),
        r.out());
  }

  @Test
  void picksThePostgresqlBuild(@TempDir Path tmp) throws Exception {
    Result r =
        run(
            tmp,
            Files.createDirectories(tmp.resolve("images")),
            Map.of("BOOTKEEPER_DATABASE", "postgresql"));
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("-Dquarkus.profile=pg"), r.out());
    assertTrue(r.out().endsWith(tmp.resolve("app-pg/quarkus-run.jar").toString()), r.out());
  }

  @Test
  void refusesAnUnknownDatabase(@TempDir Path tmp) throws Exception {
    Result r =
        run(
            tmp,
            Files.createDirectories(tmp.resolve("images")),
            Map.of("BOOTKEEPER_DATABASE", "oracle"));
    assertEquals(64, r.exit());
    assertTrue(r.out().contains("must be h2 or postgresql"), r.out());
  }
}
