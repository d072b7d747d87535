package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.dashboard.BootDiagnosis.Expectation;
import dev.bootkeeper.dashboard.BootDiagnosis.Status;
import dev.bootkeeper.store.ProfileKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootDiagnosisTest {

  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Instant LATER = T0.plusSeconds(3600);
  static final Expectation LIVE_SYSTEM = new Expectation(ProfileKind.LINUX, true, true);
  static final Expectation INSTALLER = new Expectation(ProfileKind.LINUX, true, false);

  /** A boot trace written one step a second. */
  static final class Trace {
    final List<BootEvent> events = new ArrayList<>();

    Trace add(Protocol p, String step, String detail, Outcome o) {
      events.add(
          new BootEvent(
              T0.plusSeconds(events.size()),
              "52:54:00:00:00:01",
              "198.18.0.50",
              null,
              p,
              step,
              detail,
              o));
      return this;
    }

    Trace dhcp() {
      return add(Protocol.DHCP, "discover", "BIOS PXE", Outcome.INFO)
          .add(Protocol.DHCP, "offer", "proxy, boot file pxelinux.0", Outcome.OK);
    }

    Trace tftp(String file) {
      return add(Protocol.TFTP, "transfer-started", file + " (blksize 1468)", Outcome.INFO)
          .add(Protocol.TFTP, "transfer-finished", file + ": 42 bytes in 3 ms", Outcome.OK);
    }

    Trace loaderAndConfig() {
      return dhcp()
          .tftp("pxelinux.0")
          .tftp("ldlinux.c32")
          .add(Protocol.TFTP, "transfer-failed", "not found: pxelinux.cfg/C612003", Outcome.INFO)
          .tftp("pxelinux.cfg/01-52-54-00-00-00-01");
    }

    BootDiagnosis.Result diagnose(Expectation e) {
      return BootDiagnosis.diagnose(events, e, LATER);
    }
  }

  @Test
  void nothingSeen() {
    assertEquals(Status.NONE, new Trace().diagnose(LIVE_SYSTEM).status());
  }

  @Test
  void offerButNoTftp() {
    BootDiagnosis.Result r = new Trace().dhcp().diagnose(LIVE_SYSTEM);
    assertEquals(Status.STALLED, r.status());
    assertTrue(
        r.headline().contains("got an offer but never asked for its boot file over TFTP"),
        r.headline());
    assertTrue(r.advice().contains("next-server") && r.advice().contains("firewall"), r.advice());
  }

  @Test
  void discoverButNoOffer() {
    BootDiagnosis.Result r =
        new Trace().add(Protocol.DHCP, "discover", "UEFI", Outcome.INFO).diagnose(LIVE_SYSTEM);
    assertEquals(Status.STALLED, r.status());
    assertTrue(r.headline().contains("no offer"), r.headline());
  }

  @Test
  void loaderButNoConfig() {
    BootDiagnosis.Result r =
        new Trace().dhcp().tftp("pxelinux.0").tftp("ldlinux.c32").diagnose(LIVE_SYSTEM);
    assertEquals(Status.STALLED, r.status());
    assertTrue(
        r.headline().contains("downloaded the loader but never asked for its config"),
        r.headline());
  }

  @Test
  void loaderTransferThatNeverFinished() {
    BootDiagnosis.Result r =
        new Trace()
            .dhcp()
            .add(Protocol.TFTP, "transfer-started", "pxelinux.0 (blksize 1468)", Outcome.INFO)
            .diagnose(LIVE_SYSTEM);
    assertTrue(r.headline().contains("never completed"), r.headline());
  }

  @Test
  void configButNoKernel() {
    BootDiagnosis.Result r = new Trace().loaderAndConfig().diagnose(LIVE_SYSTEM);
    assertEquals(Status.STALLED, r.status());
    assertTrue(r.headline().contains("fetched its config but never its kernel"), r.headline());
  }

  @Test
  void configIsAllALocalDiskProfileNeeds() {
    BootDiagnosis.Result r =
        new Trace().loaderAndConfig().diagnose(new Expectation(ProfileKind.LOCAL, false, false));
    assertEquals(Status.OK, r.status());
    assertTrue(r.advice().contains("local disk"), r.advice());
  }

  @Test
  void kernelButNoRootFilesystem() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .tftp("sysresccd/boot/x86_64/vmlinuz")
            .tftp("sysresccd/boot/x86_64/sysresccd.img")
            .diagnose(LIVE_SYSTEM);
    assertEquals(Status.STALLED, r.status());
    assertTrue(
        r.headline().contains("kernel loaded but the root filesystem was never fetched"),
        r.headline());
  }

  @Test
  void kernelButNoInitrd() {
    BootDiagnosis.Result r = new Trace().loaderAndConfig().tftp("debian/linux").diagnose(INSTALLER);
    assertTrue(r.headline().contains("never its initrd"), r.headline());
  }

  @Test
  void aCompleteLiveBootOverNbdIsOk() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .tftp("sysresccd/boot/x86_64/vmlinuz")
            .tftp("sysresccd/boot/x86_64/sysresccd.img")
            .add(Protocol.NBD, "connected", "export archiso", Outcome.INFO)
            .diagnose(LIVE_SYSTEM);
    assertEquals(Status.OK, r.status());
  }

  @Test
  void aCompleteInstallerBootOverHttpIsOk() {
    BootDiagnosis.Result r =
        new Trace()
            .dhcp()
            .tftp("undionly.kpxe")
            .add(Protocol.HTTP, "served", "/boot/52:54:00:00:00:01.ipxe 200", Outcome.OK)
            .add(Protocol.HTTP, "served", "/images/debian/linux 200", Outcome.OK)
            .add(Protocol.HTTP, "served", "/images/debian/initrd.gz 200", Outcome.OK)
            .diagnose(INSTALLER);
    assertEquals(Status.OK, r.status(), r.headline());
  }

  @Test
  void aFailedTransferSaysWhy() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .add(
                Protocol.TFTP,
                "transfer-failed",
                "debian/linux: timed out after 524288 bytes",
                Outcome.FAILED)
            .diagnose(INSTALLER);
    assertEquals(Status.FAILED, r.status());
    assertEquals("TFTP transfer failed: debian/linux: timed out after 524288 bytes", r.headline());
    assertTrue(r.advice().contains("stopped answering"), r.advice());
  }

  @Test
  void aMissingKernelIsNamed() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .add(Protocol.TFTP, "transfer-failed", "not found: debian/vmlinuz", Outcome.INFO)
            .diagnose(INSTALLER);
    assertEquals(Status.FAILED, r.status());
    assertTrue(r.headline().contains("debian/vmlinuz"), r.headline());
  }

  @Test
  void aRecentStallIsStillInProgress() {
    Trace t = new Trace().dhcp();
    BootDiagnosis.Result r = BootDiagnosis.diagnose(t.events, LIVE_SYSTEM, T0.plusSeconds(20));
    assertEquals(Status.IN_PROGRESS, r.status());
    assertTrue(r.advice().contains("got an offer but never asked"), r.advice());
  }
}
