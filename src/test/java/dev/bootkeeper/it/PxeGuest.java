package dev.bootkeeper.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One QEMU machine that boots from the network (TCG: KVM guests do not start on these machines).
 * Its first serial port is a file; the test guest prints {@code BOOTKEEPER-...} marker lines there.
 * A hard deadline bounds every wait, and {@link #close()} always kills QEMU.
 */
final class PxeGuest implements AutoCloseable {

  static final String QEMU = "/usr/bin/qemu-system-x86_64";
  static final String BIOS_ROM = "/usr/lib/ipxe/qemu/pxe-e1000.rom";
  static final String EFI_ROM = "/usr/lib/ipxe/qemu/efi-virtio.rom";
  static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
  static final String OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
  static final String OVMF_CODE_SECURE = "/usr/share/OVMF/OVMF_CODE_4M.ms.fd";
  static final String OVMF_VARS_MS_KEYS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd";

  private static final Pattern RESULT = Pattern.compile("BOOTKEEPER-RESULT: (\\S+)([^\r\n]*)\r?\n");
  private static final Pattern CMDLINE = Pattern.compile("BOOTKEEPER-CMDLINE: ([^\r\n]*)");
  private static final Pattern TOKEN = Pattern.compile("token=(\\S+)");
  private static final Pattern ADDRESS = Pattern.compile("BOOTKEEPER-NET: eth0 has (\\S+)");

  /** How the machine boots from the network. */
  enum Firmware {
    /** SeaBIOS with QEMU's iPXE option ROM on an e1000 (iPXE: user class iPXE). */
    BIOS_IPXE_ROM("BIOS, iPXE ROM"),
    /** OVMF's own UEFI PXE client on virtio-net, no option ROM: as on real UEFI hardware. */
    UEFI_PXE("UEFI (OVMF), firmware PXE"),
    /** OVMF with QEMU's iPXE EFI option ROM on virtio-net. */
    UEFI_IPXE_ROM("UEFI (OVMF), iPXE ROM"),
    /**
     * OVMF with Microsoft's keys enrolled and Secure Boot enforced, firmware PXE on virtio-net: it
     * starts only Microsoft-signed binaries (shim), as UEFI machines ship.
     */
    UEFI_SECURE_BOOT("UEFI (OVMF), Secure Boot enforced, firmware PXE");

    final String label;

    Firmware(String label) {
      this.label = label;
    }
  }

  /** What the guest printed last: the result marker, or why there is none. */
  record Outcome(boolean ok, String result, String token, String cmdline, double seconds) {}

  final String name;
  final String mac;
  final Firmware firmware;
  private final Path dir;
  private final Path serial;
  private final Path monitor;
  private final Process qemu;
  private final long started = System.nanoTime();
  private volatile Outcome outcome;
  private boolean reported;

  private PxeGuest(
      String name, String mac, Firmware firmware, Path dir, Path monitor, Process qemu) {
    this.name = name;
    this.mac = mac;
    this.firmware = firmware;
    this.dir = dir;
    this.serial = dir.resolve("serial.log");
    this.monitor = monitor;
    this.qemu = qemu;
  }

  static void requireQemu(Firmware firmware) {
    Shell.require(QEMU, "qemu-system-x86");
    if (firmware == Firmware.BIOS_IPXE_ROM || firmware == Firmware.UEFI_IPXE_ROM) {
      requireFile(firmware == Firmware.BIOS_IPXE_ROM ? BIOS_ROM : EFI_ROM, "ipxe-qemu");
    }
    if (firmware == Firmware.UEFI_SECURE_BOOT) {
      requireFile(OVMF_CODE_SECURE, "ovmf");
      requireFile(OVMF_VARS_MS_KEYS, "ovmf");
    } else if (firmware != Firmware.BIOS_IPXE_ROM) {
      requireFile(OVMF_CODE, "ovmf");
      requireFile(OVMF_VARS, "ovmf");
    }
  }

  private static void requireFile(String path, String pkg) {
    if (!Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException(path + " is missing: apt-get install " + pkg);
    }
  }

  /** Starts a machine with one NIC on a new tap of {@code lan}. */
  static PxeGuest start(BootLan lan, Path workDir, String name, String mac, Firmware firmware)
      throws IOException {
    requireQemu(firmware);
    Path dir = workDir.resolve("guest-" + name);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("serial.log"));
    // Unix socket paths are limited to 108 bytes: keep the monitor in the temp dir.
    Path monitor = Files.createTempFile("bk-mon-", ".sock");
    Files.delete(monitor);
    String tap = lan.tap();
    List<String> cmd = new ArrayList<>();
    cmd.add(QEMU);
    // 512 MiB: with 256, grubnetx64.efi under OVMF stops with "out of memory" while it loads the
    // initrd (GRUB keeps the files it fetched and its own heap below the firmware's reservations).
    // Secure Boot builds of OVMF keep their variables in SMM-protected flash: q35 with SMM.
    String machine = firmware == Firmware.UEFI_SECURE_BOOT ? "q35,smm=on" : "pc";
    cmd.addAll(List.of("-accel", "tcg", "-M", machine, "-m", "512", "-smp", "1"));
    cmd.addAll(List.of("-display", "none", "-no-reboot", "-no-user-config", "-nodefaults"));
    cmd.addAll(List.of("-vga", "std"));
    cmd.addAll(List.of("-serial", "file:" + dir.resolve("serial.log")));
    cmd.addAll(List.of("-monitor", "unix:" + monitor + ",server=on,wait=off"));
    cmd.addAll(List.of("-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no"));
    switch (firmware) {
      case BIOS_IPXE_ROM -> {
        cmd.addAll(
            List.of(
                "-device", "e1000,netdev=n0,mac=" + mac + ",romfile=" + BIOS_ROM + ",bootindex=1"));
        cmd.addAll(List.of("-boot", "n"));
      }
      case UEFI_PXE, UEFI_IPXE_ROM, UEFI_SECURE_BOOT -> {
        boolean secure = firmware == Firmware.UEFI_SECURE_BOOT;
        Path vars = dir.resolve("OVMF_VARS.fd");
        Files.copy(
            Path.of(secure ? OVMF_VARS_MS_KEYS : OVMF_VARS),
            vars,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (secure) {
          cmd.addAll(List.of("-global", "driver=cfi.pflash01,property=secure,value=on"));
        }
        cmd.addAll(
            List.of(
                "-drive",
                "if=pflash,format=raw,unit=0,readonly=on,file="
                    + (secure ? OVMF_CODE_SECURE : OVMF_CODE),
                "-drive",
                "if=pflash,format=raw,unit=1,file=" + vars));
        String rom = firmware == Firmware.UEFI_IPXE_ROM ? EFI_ROM : "";
        cmd.addAll(
            List.of(
                "-device",
                "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile=" + rom + ",bootindex=1"));
      }
    }
    Process p =
        new ProcessBuilder(lan.inLan(cmd))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("qemu.log").toFile())
            .start();
    Files.writeString(dir.resolve("qemu.cmd"), String.join(" ", cmd) + "\n");
    PxeGuest g = new PxeGuest(name, mac, firmware, dir, monitor, p);
    g.watch();
    return g;
  }

  /**
   * Waits until the guest prints its result marker, powers off, or the deadline passes. Never
   * throws for a failed boot: the caller asserts on the outcome and reports {@link #diagnostics}.
   * The boot time is when the marker appeared (a watcher polls every guest's console), not when
   * this was called.
   */
  Outcome await(Duration max) throws InterruptedException {
    long deadline = started + max.toNanos();
    while (outcome == null && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (outcome == null) {
      outcome =
          new Outcome(false, "no result within " + max.toSeconds() + " s", null, null, seconds());
    }
    return outcome;
  }

  /** True the first time it is called: the boot time is printed once. */
  synchronized boolean firstReport() {
    boolean first = !reported;
    reported = true;
    return first;
  }

  private void watch() {
    Thread t =
        new Thread(
            () -> {
              try {
                while (outcome == null) {
                  Outcome o = look();
                  if (o != null) {
                    outcome = o;
                    return;
                  }
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "watch-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** The outcome if the console shows a result or QEMU has exited; null while still booting. */
  private Outcome look() {
    boolean alive = qemu.isAlive();
    String log = serialText();
    Matcher r = RESULT.matcher(log);
    if (r.find()) {
      Matcher c = CMDLINE.matcher(log);
      Matcher t = TOKEN.matcher(r.group(2));
      return new Outcome(
          r.group(1).equals("OK"),
          (r.group(1) + r.group(2)).strip(),
          t.find() ? t.group(1) : null,
          c.find() ? c.group(1).strip() : null,
          seconds());
    }
    if (!alive) {
      return new Outcome(
          false,
          "QEMU exited with " + qemu.exitValue() + " before a result",
          null,
          null,
          seconds());
    }
    return null;
  }

  /** The address the guest's initramfs got by DHCP, as it printed it; null if it did not. */
  String address() {
    Matcher m = ADDRESS.matcher(serialText());
    return m.find() ? m.group(1) : null;
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  String serialText() {
    try {
      return Files.exists(serial)
          ? new String(Files.readAllBytes(serial), StandardCharsets.ISO_8859_1)
          : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Where the boot got to: the serial console's tail, QEMU's own messages and, on BIOS, the screen.
   */
  String diagnostics() {
    StringBuilder b = new StringBuilder();
    b.append("--- guest ").append(name).append(' ').append(mac).append(" (").append(firmware.label);
    b.append(String.format(", %.1f s) serial console, last lines:%n", seconds()));
    b.append(tail(serialText().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", ""), 40));
    if (firmware == Firmware.BIOS_IPXE_ROM) {
      // SeaBIOS and the iPXE ROM write only to the screen: read its text from video memory.
      b.append("\n--- screen of ").append(name).append(":\n").append(screenText());
    }
    try {
      String q = Files.readString(dir.resolve("qemu.log"));
      if (!q.isBlank()) {
        b.append("\n--- qemu of ").append(name).append(":\n").append(tail(q, 20));
      }
    } catch (IOException e) {
      // no QEMU output
    }
    return b.toString();
  }

  /** The VGA text screen (80x25 cells at 0xb8000), read through the QEMU monitor. */
  String screenText() {
    if (!qemu.isAlive()) {
      return "(QEMU has exited)";
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(monitor));
      readUntilPrompt(ch);
      ByteBuffer cmd = ByteBuffer.wrap("xp /2000hx 0xb8000\n".getBytes(StandardCharsets.US_ASCII));
      while (cmd.hasRemaining()) {
        ch.write(cmd);
      }
      String out = readUntilPrompt(ch);
      StringBuilder chars = new StringBuilder();
      Matcher m = Pattern.compile("0x([0-9a-f]{4})").matcher(out.replaceAll("(?m)^[0-9a-f]+:", ""));
      while (m.find()) {
        int c = Integer.parseInt(m.group(1), 16) & 0xff;
        chars.append(c >= 32 && c < 127 ? (char) c : ' ');
      }
      StringBuilder screen = new StringBuilder();
      for (int i = 0; i + 80 <= chars.length(); i += 80) {
        String line = chars.substring(i, i + 80).stripTrailing();
        if (!line.isEmpty()) {
          screen.append(line).append('\n');
        }
      }
      return screen.toString();
    } catch (IOException | RuntimeException e) {
      return "(screen not readable: " + e + ")";
    }
  }

  private static String readUntilPrompt(SocketChannel ch) throws IOException {
    ch.configureBlocking(false);
    StringBuilder b = new StringBuilder();
    ByteBuffer buf = ByteBuffer.allocate(65536);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!b.toString().endsWith("(qemu) ") && System.nanoTime() < end) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      if (n == 0) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        continue;
      }
      buf.flip();
      b.append(StandardCharsets.ISO_8859_1.decode(buf));
    }
    return b.toString();
  }

  static String tail(String text, int lines) {
    String[] all = text.split("\r?\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
  }

  @Override
  public void close() {
    qemu.destroyForcibly();
    try {
      qemu.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(monitor);
    } catch (IOException e) {
      // left in the temp dir
    }
  }
}
