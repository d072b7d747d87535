package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.store.ProfileKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says in plain words where a boot stopped, from the events of that one boot (oldest first). The
 * rules follow the chain every network boot walks: DHCP offer, boot loader, its config, the kernel
 * and initrd, then (for live systems) the root filesystem. The first link that is missing is the
 * one to look at.
 */
public final class BootDiagnosis {

  /** A boot whose last event is younger than this may simply still be running. */
  static final Duration STILL_RUNNING = Duration.ofMinutes(2);

  public enum Status {
    /** No event for this machine. */
    NONE,
    /** Everything the profile needs was fetched. */
    OK,
    /** The last event is recent: the boot may still be going on. */
    IN_PROGRESS,
    /** A step never happened. */
    STALLED,
    /** A step failed. */
    FAILED
  }

  /**
   * What the machine was expected to fetch, from the profile it boots now.
   *
   * @param secureBoot whether it is on the Secure Boot chain (shim, then signed GRUB)
   * @param secureBootProblems what in its profile signed GRUB will refuse ({@link
   *     dev.bootkeeper.boot.SecureBootCheck})
   */
  public record Expectation(
      ProfileKind kind,
      boolean initrds,
      boolean rootFilesystem,
      boolean secureBoot,
      List<String> secureBootProblems) {

    public Expectation {
      secureBootProblems = secureBootProblems == null ? List.of() : List.copyOf(secureBootProblems);
    }

    public Expectation(ProfileKind kind, boolean initrds, boolean rootFilesystem) {
      this(kind, initrds, rootFilesystem, false, List.of());
    }

    public Expectation onSecureBoot(boolean on, List<String> problems) {
      return new Expectation(kind, initrds, rootFilesystem, on, problems);
    }

    public static Expectation unknown() {
      return new Expectation(null, false, false);
    }
  }

  @io.quarkus.qute.TemplateData
  public record Result(Status status, String headline, String advice) {
    public String statusName() {
      return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private BootDiagnosis() {}

  public static Result diagnose(List<BootEvent> boot, Expectation expect, Instant now) {
    if (boot.isEmpty()) {
      return new Result(
          Status.NONE,
          "No boot seen yet.",
          "Nothing has been heard from this machine. Power it on with network boot (PXE) first in"
              + " its boot order.");
    }
    Optional<BootEvent> failed =
        boot.stream()
            .filter(e -> e.outcome() == Outcome.FAILED && e.protocol() != Protocol.API)
            .reduce((a, b) -> b);
    if (failed.isPresent()) {
      BootEvent f = failed.get();
      if (f.protocol() == Protocol.DHCP) {
        return new Result(
            Status.FAILED,
            "DHCP " + f.step().label() + ": " + text(f.detail()),
            "The DHCP exchange was refused. Check the subnet settings and whether another DHCP"
                + " server answers this machine.");
      }
      return new Result(
          Status.FAILED, f.protocol() + " transfer failed: " + text(f.detail()), advice(f));
    }
    Optional<BootEvent> missing =
        boot.stream()
            .filter(
                e ->
                    isFileProtocol(e)
                        && e.notFound()
                        && FileKind.of(e.facts().file()) != FileKind.CONFIG)
            .findFirst();
    if (missing.isPresent()) {
      return new Result(
          Status.FAILED,
          "Asked for a file that does not exist: " + text(missing.get().facts().file()),
          "Put the file under the images directory, or fix the path in the profile. Then rescan"
              + " the images.");
    }
    Stages s = Stages.of(boot);
    Result stalled = stalled(s, expect);
    if (stalled == null) {
      return new Result(
          Status.OK, "Booted: " + describe(boot.get(boot.size() - 1)), okAdvice(expect));
    }
    BootEvent last = boot.get(boot.size() - 1);
    Duration age = Duration.between(last.at(), now);
    if (!age.isNegative() && age.compareTo(STILL_RUNNING) < 0) {
      return new Result(
          Status.IN_PROGRESS,
          "In progress: the last step was " + describe(last) + ", " + age.toSeconds() + " s ago.",
          "If nothing more happens within a minute or two: " + lowerFirst(stalled.headline()));
    }
    return stalled;
  }

  private static Result stalled(Stages s, Expectation expect) {
    if (s.discovered && !s.offered && !s.loader && !s.config) {
      return stall(
          "It asked for an address but got no offer from Bootkeeper.",
          "Check the DHCP mode on the Settings page (off means Bootkeeper never answers), and that"
              + " the machine is on a network Bootkeeper serves.");
    }
    if (!s.loader && !s.config && !s.kernel) {
      return stall(
          "It got an offer but never asked for its boot file over TFTP.",
          "Check next-server (the server address, bootkeeper.server-address) and the firewall: UDP"
              + " port 69 must reach Bootkeeper. Another DHCP server's offer may also have won.");
    }
    if (s.loader && !s.loaderDone && !s.config && !s.kernel) {
      return stall(
          "It began downloading the boot loader but the transfer never completed.",
          "TFTP sends data from a new port for each transfer: a firewall or NAT that only lets"
              + " port 69 through stops it here. A very small MTU can do the same with large"
              + " blocks.");
    }
    if (!s.config && !s.kernel && expect.secureBoot()) {
      return stall(
          "shim was loaded but GRUB never asked for its config.",
          "On the Secure Boot chain shim loads grubx64.efi (Debian's signed network GRUB) from the"
              + " folder shim came from, and runs mmx64.efi when it cannot verify it: check that"
              + " both are in the images directory (Boot loaders on the Overview), that the"
              + " machine's firmware trusts Microsoft's UEFI CA, and its console for a"
              + " verification error.");
    }
    if (!s.config && !s.kernel) {
      return stall(
          "It downloaded the loader but never asked for its config.",
          "pxelinux needs ldlinux.c32 from the same syslinux build; iPXE fetches its script over"
              + " HTTP, so the HTTP port must be reachable; GRUB reads grub/grub.cfg.");
    }
    if (expect.kind() == ProfileKind.LOCAL) {
      return null;
    }
    if (!s.kernel) {
      // A menu's entry may fetch nothing from Bootkeeper (the local disk, a URL elsewhere); an
      // entry that does is filed under its own profile, and the boot is judged by that one.
      if (expect.kind() == ProfileKind.IPXE
          || expect.kind() == ProfileKind.CHAIN
          || expect.kind() == ProfileKind.MENU) {
        return null;
      }
      if (expect.secureBoot()) {
        return stall(
            "It stopped after GRUB read its config: on the Secure Boot chain signed GRUB"
                + (expect.secureBootProblems().isEmpty()
                    ? " refuses unsigned kernels and cannot fetch over HTTP."
                    : " refuses this profile: "
                        + String.join("; ", expect.secureBootProblems())
                        + "."),
            "Boot a signed kernel (Debian's and most distributions' are) from a path under the"
                + " images directory, or put this host on the iPXE chain (host record, label or"
                + " profile) if it does not enforce Secure Boot.");
      }
      return stall(
          "It fetched its config but never its kernel.",
          "Check the kernel path in the profile (and the rendered config below). A menu may also be"
              + " waiting for a key press on the console.");
    }
    if (!s.kernelDone && !s.initrd && !s.rootfs) {
      return stall(
          "It began downloading the kernel but the transfer never completed.",
          "Look at the console of the machine; check the network between it and Bootkeeper.");
    }
    if (expect.initrds() && !s.initrd && !s.rootfs) {
      return stall(
          "It loaded the kernel but never its initrd.",
          "Check the initrd paths in the profile and in the rendered config.");
    }
    if (expect.rootFilesystem() && !s.rootfs) {
      return stall(
          "The kernel loaded but the root filesystem was never fetched.",
          "Check the stage 3 settings of the profile (archiso_http_srv, archiso_nbd_srv or the NFS"
              + " path on the command line), that the initramfs has the driver of this network"
              + " card, and that the HTTP or NBD port is reachable from the booted system.");
    }
    return null;
  }

  private static Result stall(String headline, String advice) {
    return new Result(Status.STALLED, headline, advice);
  }

  private static String advice(BootEvent f) {
    FailureReason reason = f.reason() == null ? FailureReason.UNKNOWN : f.reason();
    return switch (reason) {
      case NOT_FOUND -> "The file is not in the images directory: put it there or fix the path.";
      case ACCESS_DENIED, READ_ONLY ->
          "The path was refused: it leaves the images directory or is not a plain file.";
      case BUSY ->
          "Too many transfers at once; it will retry. Raise the TFTP transfer limit if this"
              + " happens often.";
      case TIMEOUT ->
          "The client stopped answering during the transfer: check the network path, the MTU"
              + " and any firewall between it and Bootkeeper.";
      default -> "Look at the detail above and at Bootkeeper's log for this MAC.";
    };
  }

  private static String okAdvice(Expectation expect) {
    if (expect.kind() == ProfileKind.LOCAL) {
      return "It was told to boot from its local disk.";
    }
    if (expect.kind() == ProfileKind.MENU) {
      return "It was served its boot menu and fetched none of an entry's files since: someone may"
          + " be choosing at the console, or it booted an entry that fetches nothing from"
          + " Bootkeeper (the local disk, a URL elsewhere).";
    }
    return "Every step the profile needs was seen.";
  }

  static String describe(BootEvent e) {
    String d = e.detail() == null || e.detail().isBlank() ? "" : " (" + text(e.detail()) + ")";
    return e.protocol() + " " + e.step().label() + d;
  }

  private static String text(String detail) {
    if (detail == null) {
      return "";
    }
    return detail.length() > 200 ? detail.substring(0, 200) + "…" : detail;
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  static boolean isFileProtocol(BootEvent e) {
    return e.protocol() == Protocol.TFTP || e.protocol() == Protocol.HTTP;
  }

  /** Which links of the chain one boot reached. */
  private static final class Stages {
    boolean discovered;
    boolean offered;
    boolean loader;
    boolean loaderDone;
    boolean config;
    boolean kernel;
    boolean kernelDone;
    boolean initrd;
    boolean rootfs;

    static Stages of(List<BootEvent> boot) {
      Stages s = new Stages();
      for (BootEvent e : boot) {
        if (e.protocol() == Protocol.DHCP) {
          if (e.step() == BootStep.DHCP_DISCOVER || e.step() == BootStep.DHCP_REQUEST) {
            s.discovered = true;
          }
          if (e.step() == BootStep.DHCP_OFFER || e.step() == BootStep.DHCP_ACK) {
            s.offered = true;
          }
          continue;
        }
        if (e.protocol() == Protocol.NBD) {
          if (e.outcome() != Outcome.FAILED) {
            s.rootfs = true;
          }
          continue;
        }
        if (!isFileProtocol(e)) {
          continue;
        }
        boolean done = e.outcome() == Outcome.OK;
        switch (FileKind.of(e.facts().file())) {
          case LOADER -> {
            s.loader = true;
            s.loaderDone |= done;
          }
          case CONFIG -> s.config = true;
          case KERNEL -> {
            s.kernel = true;
            s.kernelDone |= done;
          }
          case INITRD -> s.initrd = true;
          case ROOTFS -> s.rootfs = true;
          case OTHER -> {}
        }
      }
      return s;
    }
  }
}
