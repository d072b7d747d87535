package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
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

  /** A boot trace written one step a second, typed as the protocol servers write it. */
  static final class Trace {
    final List<BootEvent> events = new ArrayList<>();

    Trace add(
        Protocol p, BootStep step, Outcome o, FailureReason reason, String file, String detail) {
      events.add(
          new BootEvent(
              T0.plusSeconds(events.size()),
              "52:54:00:00:00:01",
              "198.18.0.50",
              null,
              p,
              step,
              o,
              reason,
              detail,
              BootEvent.Facts.file(file)));
      return this;
    }

    Trace add(Protocol p, BootStep step, String detail, Outcome o) {
      return add(p, step, o, null, null, detail);
    }

    Trace dhcp() {
      return add(Protocol.DHCP, BootStep.DHCP_DISCOVER, "BIOS PXE", Outcome.INFO)
          .add(Protocol.DHCP, BootStep.DHCP_OFFER, "proxy, boot file pxelinux.0", Outcome.OK);
    }

    Trace started(String file) {
      return add(
          Protocol.TFTP,
          BootStep.TRANSFER_STARTED,
          Outcome.INFO,
          null,
          file,
          file + " (blksize 1468)");
    }

    Trace tftp(String file) {
      return started(file)
          .add(
              Protocol.TFTP,
              BootStep.TRANSFER_DONE,
              Outcome.OK,
              null,
              file,
              file + ": 42 bytes in 3 ms");
    }

    Trace notFound(String file, String detail) {
      return add(
          Protocol.TFTP,
          BootStep.TRANSFER_FAILED,
          Outcome.INFO,
          FailureReason.NOT_FOUND,
          file,
          detail);
    }

    Trace http(String path) {
      return add(Protocol.HTTP, BootStep.HTTP_GET, Outcome.OK, null, path, "GET " + path + " 200");
    }

    Trace loaderAndConfig() {
      return dhcp()
          .tftp("pxelinux.0")
          .tftp("ldlinux.c32")
          .notFound("pxelinux.cfg/C612003", "not found: pxelinux.cfg/C612003")
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
        new Trace()
            .add(Protocol.DHCP, BootStep.DHCP_DISCOVER, "UEFI", Outcome.INFO)
            .diagnose(LIVE_SYSTEM);
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
    BootDiagnosis.Result r = new Trace().dhcp().started("pxelinux.0").diagnose(LIVE_SYSTEM);
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
  void aMenuWithNoEntrysFileFetchedSaysWhatThatCanMean() {
    BootDiagnosis.Result r =
        new Trace().loaderAndConfig().diagnose(new Expectation(ProfileKind.MENU, false, false));
    assertEquals(BootDiagnosis.Status.OK, r.status());
    assertTrue(r.advice().startsWith("It was served its boot menu"), r.advice());
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
            .add(Protocol.NBD, BootStep.NBD_EXPORT_OPENED, "export archiso", Outcome.INFO)
            .diagnose(LIVE_SYSTEM);
    assertEquals(Status.OK, r.status());
  }

  @Test
  void aCompleteInstallerBootOverHttpIsOk() {
    BootDiagnosis.Result r =
        new Trace()
            .dhcp()
            .tftp("undionly.kpxe")
            .http("/boot/52:54:00:00:00:01.ipxe")
            .http("/images/debian/linux")
            .http("/images/debian/initrd.gz")
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
                BootStep.TRANSFER_FAILED,
                Outcome.FAILED,
                FailureReason.TIMEOUT,
                "debian/linux",
                "debian/linux: timed out after 524288 bytes")
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
            .notFound("debian/vmlinuz", "not found: debian/vmlinuz")
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

  @Test
  void aMissingFileIsDiagnosedFromItsReasonWhateverTheTextSays() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .notFound("debian/vmlinuz", "the kernel went for a walk")
            .diagnose(INSTALLER);
    assertEquals(Status.FAILED, r.status());
    assertTrue(r.headline().contains("does not exist: debian/vmlinuz"), r.headline());
  }

  @Test
  void aDetailThatSaysNotFoundIsNotAMissingFile() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .add(
                Protocol.TFTP,
                BootStep.TRANSFER_ABORTED,
                Outcome.INFO,
                FailureReason.CLIENT_ABORTED,
                "debian/linux",
                "not found: debian/linux (busy, timeout)")
            .diagnose(INSTALLER);
    assertEquals(Status.STALLED, r.status(), r.headline());
  }

  @Test
  void aFailureIsAdvisedFromItsReasonNotItsText() {
    BootDiagnosis.Result busy =
        new Trace()
            .loaderAndConfig()
            .add(
                Protocol.TFTP,
                BootStep.TRANSFER_FAILED,
                Outcome.FAILED,
                FailureReason.BUSY,
                "debian/linux",
                "debian/linux: not found, timeout")
            .diagnose(INSTALLER);
    assertEquals(Status.FAILED, busy.status());
    assertTrue(busy.advice().contains("Too many transfers"), busy.advice());

    BootDiagnosis.Result missing =
        new Trace()
            .loaderAndConfig()
            .add(
                Protocol.HTTP,
                BootStep.HTTP_GET,
                Outcome.FAILED,
                FailureReason.NOT_FOUND,
                "/images/debian/linux",
                "GET /images/debian/linux -> 404, busy")
            .diagnose(INSTALLER);
    assertTrue(missing.advice().contains("not in the images directory"), missing.advice());
  }

  @Test
  void aKernelIsRecognisedByItsFileNotItsText() {
    BootDiagnosis.Result r =
        new Trace()
            .loaderAndConfig()
            .add(
                Protocol.TFTP,
                BootStep.TRANSFER_STARTED,
                Outcome.INFO,
                null,
                "debian/vmlinuz",
                "a transfer")
            .add(Protocol.TFTP, BootStep.TRANSFER_DONE, Outcome.OK, null, "debian/vmlinuz", "done")
            .diagnose(INSTALLER);
    assertTrue(r.headline().contains("never its initrd"), r.headline());
  }

  @Test
  void onTheSecureBootChainAStopAfterGrubSaysWhatGrubRefused() {
    Trace t = new Trace().dhcp().tftp("shimx64.efi").tftp("grubx64.efi").tftp("grub/grub.cfg");
    BootDiagnosis.Result r =
        t.diagnose(
            LIVE_SYSTEM.onSecureBoot(
                true, List.of("kernel rescue/vmlinuz is not signed: GRUB refuses it")));
    assertEquals(Status.STALLED, r.status());
    assertTrue(r.headline().contains("stopped after GRUB read its config"), r.headline());
    assertTrue(r.headline().contains("rescue/vmlinuz is not signed"), r.headline());
    assertTrue(r.advice().contains("iPXE chain"), r.advice());
  }

  @Test
  void onTheSecureBootChainAShimThatLoadedNoGrubConfigPointsAtTheSignedGrub() {
    BootDiagnosis.Result r =
        new Trace().dhcp().tftp("shimx64.efi").diagnose(LIVE_SYSTEM.onSecureBoot(true, List.of()));
    assertEquals(Status.STALLED, r.status());
    assertTrue(r.headline().contains("GRUB never asked for its config"), r.headline());
    assertTrue(r.advice().contains("grubx64.efi") && r.advice().contains("mmx64.efi"));
  }
}
