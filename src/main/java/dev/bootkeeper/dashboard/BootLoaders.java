package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.ImageRoot;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The boot loaders machines ask for first, and whether each is in the images directory. */
@ApplicationScoped
public class BootLoaders {

  @TemplateData
  public record Loader(String path, String purpose, boolean present, String size) {}

  static final List<String[]> EXPECTED =
      List.of(
          new String[] {"pxelinux.0", "BIOS PXE: SYSLINUX's network loader (package pxelinux)"},
          new String[] {"ldlinux.c32", "BIOS PXE: pxelinux's core module, same syslinux build"},
          new String[] {"undionly.kpxe", "BIOS PXE: iPXE on the ROM's UNDI driver (package ipxe)"},
          new String[] {"snponly.efi", "UEFI x86-64: iPXE on the firmware's network driver"},
          new String[] {"ipxe.efi", "UEFI x86-64: iPXE with its own drivers"},
          new String[] {
            "grubnetx64.efi", "UEFI x86-64: GRUB's network image (package grub-efi-amd64-bin)"
          });

  private final BootService boot;

  public BootLoaders(BootService boot) {
    this.boot = boot;
  }

  public List<Loader> loaders() {
    ImageRoot root = boot.imageRoot();
    return EXPECTED.stream()
        .map(
            e -> {
              FileLookup f = root.find(e[0]);
              if (f instanceof FileLookup.Found found) {
                return new Loader(e[0], e[1], true, Sizes.human(found.file().size()));
              }
              return new Loader(e[0], e[1], false, "");
            })
        .toList();
  }

  public List<String> missing() {
    return loaders().stream().filter(l -> !l.present()).map(Loader::path).toList();
  }
}
