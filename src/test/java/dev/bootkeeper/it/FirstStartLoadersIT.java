package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh start of the packaged appliance, as the README's run command does it: with an empty
 * images directory, every boot loader a BIOS, UEFI or Secure Boot machine asks for is in place when
 * the appliance reports ready, byte for byte what the bundled manifest recorded; a loader the admin
 * put there first is kept; and none of them is listed as an image.
 */
class FirstStartLoadersIT {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aFreshStartPutsTheLoadersInPlaceAndKeepsTheAdminsOwn(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    Files.writeString(images.resolve("snponly.efi"), "the admin's own build");
    Files.createDirectories(images.resolve("rescue"));
    Files.writeString(images.resolve("rescue/vmlinuz"), "kernel");
    try (Appliance a = Appliance.start(dir, Map.of("bootkeeper.dhcp.mode", "off"), List.of())) {
      JsonNode loaders = JSON.readTree(a.request("GET", "/api/v1/bootloaders", null, null).body());
      List<String> missing = new ArrayList<>();
      loaders.forEach(
          l -> {
            if (!l.get("present").asBoolean() && !l.get("file").asText().startsWith("arm64/")) {
              missing.add(l.get("file").asText());
            }
          });
      assertEquals(List.of(), missing, () -> "loaders missing after a fresh start:\n" + log(a));
      assertEquals("the admin's own build", Files.readString(images.resolve("snponly.efi")));

      // What was written is what the manifest says (the manifest itself is written beside them).
      List<String> lines = Files.readAllLines(images.resolve("bootloaders.manifest"));
      int checked = 0;
      for (String line : lines) {
        String[] f = line.split("\t");
        if (line.startsWith("#") || f.length != 4 || f[0].equals("snponly.efi")) {
          continue;
        }
        assertEquals(f[3], sha256(images.resolve(f[0])), f[0]);
        checked++;
      }
      assertTrue(checked >= 20, "only " + checked + " loaders in the manifest");
      for (String sb : List.of("shimx64.efi", "grubx64.efi", "mmx64.efi")) {
        assertTrue(Files.isRegularFile(images.resolve(sb)), sb);
      }
      assertTrue(a.log().contains("boot loaders: put "), a.log());

      a.request("POST", "/api/v1/images/rescan", token(a), null);
      List<String> names = new ArrayList<>();
      JSON.readTree(a.request("GET", "/api/v1/images", null, null).body())
          .forEach(i -> names.add(i.get("name").asText()));
      assertEquals(List.of("rescue"), names, "loaders and the appliance's files are not images");
    }
  }

  private static String token(Appliance a) throws java.io.IOException {
    java.util.regex.Matcher m = StoreRestartIT.TOKEN.matcher(a.log());
    return m.find() ? m.group(1) : null;
  }

  private static String log(Appliance a) {
    try {
      return a.log();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
